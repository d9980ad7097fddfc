import AttestLedger
import Foundation

/// A worker started in the background whose output is read line by line while it runs.
final class BackgroundWorker {
    let process = Process()
    private let pipe = Pipe()
    private var buffer = ""

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the worker prints `line`, or fails after `timeout` seconds.
    func waitFor(_ line: String, timeout: Double = 30) {
        let deadline = Date().addingTimeInterval(timeout)
        while !buffer.split(separator: "\n").contains(Substring(line)) {
            guard Date() < deadline, process.isRunning else { fail("the worker never printed '\(line)'") }
            buffer += String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
        }
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// The bounded lock wait: while another process holds the write transaction, a writer waits
/// up to its busy timeout and then fails with `.busy` (exit 3 from the CLI) and a message that
/// says what happened, never SQLite's "database is locked". Readers are not blocked at all.
enum BusyRun {
    struct Result: Codable {
        var libraryBusy = false
        var libraryWaitSeconds = 0.0
        var libraryMessage = ""
        var readerUnblocked = false
        var cliExitCode: Int32?
        var cliWaitSeconds: Double?
        var cliMessage: String?
        var lockedMessages = 0
    }

    static func run(_ options: Options) throws {
        var result = Result()
        let fixture = try StressFixture(label: "busy")
        defer { fixture.remove() }
        let holder = try BackgroundWorker(selfExecutable(), ["hold-lock", fixture.ledgerPath, "8"])
        holder.waitFor("locked")
        let ledger = try Ledger.open(at: fixture.ledgerPath, busyTimeout: 1)
        let started = Date()
        do {
            try ledger.append(EntryDraft(type: "stress.busy", payload: Array("{}".utf8)), signer: fixture.adminSigner)
        } catch let error as LedgerError {
            result.libraryBusy = error.code == .busy
            result.libraryMessage = error.message
        }
        result.libraryWaitSeconds = Date().timeIntervalSince(started)
        result.readerUnblocked = (try? LedgerVerifier().verify(ledger).isValid) == true
        holder.stop()
        if result.libraryMessage.lowercased().contains("database is locked") { result.lockedMessages += 1 }
        say("library: busy \(result.libraryBusy) after \(String(format: "%.2f", result.libraryWaitSeconds)) s: \(result.libraryMessage)")
        say("reader while the lock is held: \(result.readerUnblocked ? "not blocked" : "BLOCKED")")

        if let attest = options.string("attest"), FileManager.default.isExecutableFile(atPath: attest) {
            var environment = ProcessInfo.processInfo.environment
            let folder = fixture.folder.appendingPathComponent("cli")
            environment["ATTEST_HOME"] = folder.appendingPathComponent("home").path
            environment["ATTEST_LEDGER"] = folder.appendingPathComponent("attest.ledger").path
            environment["ATTEST_ACTOR"] = StressFixture.admin
            for setup in [
                ["key", "generate", StressFixture.admin, "--no-passphrase"],
                ["init", "--origin", StressFixture.origin, "--admin", StressFixture.admin, "--unencrypted-log-key"],
            ] {
                let done = try runProcess(attest, setup, environment: environment)
                guard done.status == 0 else { fail("'attest \(setup.joined(separator: " "))' failed: \(done.stderr)") }
            }
            let cliHolder = try BackgroundWorker(
                selfExecutable(), ["hold-lock", environment["ATTEST_LEDGER"]!, "\(Ledger.busyTimeout + 15)"])
            cliHolder.waitFor("locked")
            let done = try runProcess(
                attest, ["model", "create", "blocked", "--owner", StressFixture.admin, "--purpose", "x", "--risk-tier", "low"],
                environment: environment)
            cliHolder.stop()
            result.cliExitCode = done.status
            result.cliWaitSeconds = done.seconds
            result.cliMessage = done.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if done.stderr.lowercased().contains("database is locked") { result.lockedMessages += 1 }
            say("cli: exit \(done.status) after \(String(format: "%.1f", done.seconds)) s: \(result.cliMessage ?? "")")
        }
        try writeJSON(result, to: options.string("json"))
        let ok = result.libraryBusy && result.readerUnblocked && result.lockedMessages == 0 && (result.cliExitCode ?? 3) == 3
        if !ok { exit(1) }
    }
}

/// A full disk: a worker appends large entries until the file system (a 1 MiB tmpfs, when
/// this process may mount one) or its file-size limit (RLIMIT_FSIZE) stops it. The append
/// must fail with a storage error (exit 3) and the ledger must still open, verify and hold
/// every acknowledged append.
enum DiskFullRun {
    struct Case: Codable {
        var mode = ""
        var ran = false
        var note = ""
        var acknowledged = 0
        var exitCode: Int32 = 0
        var message = ""
        var verified = false
        var lost = 0
    }

    static func run(_ options: Options) throws {
        var cases: [Case] = []
        cases.append(try runCase(mode: "rlimit"))
        cases.append(try runCase(mode: "tmpfs"))
        try writeJSON(cases, to: options.string("json"))
        for item in cases {
            say(
                "\(item.mode): \(item.ran ? "exit \(item.exitCode), \(item.acknowledged) appends acknowledged, lost \(item.lost), verified \(item.verified): \(item.message)" : "skipped: \(item.note)")"
            )
        }
        if cases.contains(where: { $0.ran && ($0.exitCode != 3 || !$0.verified || $0.lost > 0) }) { exit(1) }
    }

    static func runCase(mode: String) throws -> Case {
        var item = Case()
        item.mode = mode
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stress-disk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        var limit = "1000000000000"
        if mode == "tmpfs" {
            let mount = try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", parent.path])
            guard mount.status == 0 else {
                item.note = "cannot mount a tmpfs here (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))"
                return item
            }
        } else {
            limit = "600000"
        }
        defer { if mode == "tmpfs" { _ = try? runProcess("/bin/umount", [parent.path]) } }
        let fixture = try StressFixture(label: mode, in: parent)
        let done = try runProcess(
            selfExecutable(), ["append-limited", fixture.ledgerPath, fixture.keystore.home.path, StressFixture.admin, "20000", limit])
        item.ran = true
        item.exitCode = done.status
        let acknowledged = sequenceNumbers(done.stdout)
        item.acknowledged = acknowledged.count
        item.message = done.stdout.split(separator: "\n").last { $0.hasPrefix("error") }.map(String.init) ?? done.stderr
        let ledger = try Ledger.open(at: fixture.ledgerPath, readOnly: true)
        item.verified = try LedgerVerifier().verify(ledger).isValid
        for sequence in acknowledged where (try? ledger.entry(at: sequence))?.type != "stress.big" { item.lost += 1 }
        return item
    }
}
