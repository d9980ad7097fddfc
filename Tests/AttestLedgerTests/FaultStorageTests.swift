import Foundation
import GRDB
import Synchronization
import Testing

@testable import AttestLedger

/// Storage faults: a full disk, a read-only ledger, a lost WAL file, a page of random bytes.
/// Each must give a clear `LedgerError` (no crash; `.storage`, exit code 3, from the CLI) and
/// never a ledger that verifies while missing data.
///
/// A check this machine cannot run (root without permission to mount) is reported as skipped,
/// by Swift Testing and in `make stress`'s table, never counted as handled.
@Suite("Faults: storage", .serialized)
struct FaultStorageTests {
    struct Totals {
        var tried = 0
        var handled = 0
        var skipped: [String] = []
    }

    static let totals = Mutex(Totals())

    static func record(_ ok: Bool) {
        let totals = totals.withLock { totals in
            totals.tried += 1
            if ok { totals.handled += 1 }
            return totals
        }
        write(totals)
    }

    /// Notes a check that did not run, with the reason, for the `make stress` table.
    static func recordSkipped(_ check: String) {
        write(
            totals.withLock { totals in
                totals.skipped.append(check)
                return totals
            })
    }

    private static func write(_ totals: Totals) {
        try? StressResults.write(
            ["tried": totals.tried, "handled": totals.handled, "skipped": totals.skipped], name: "storage.json")
    }

    /// Whether a read-only ledger can be made here: file modes stop a non-root user; root
    /// ignores them and needs a read-only bind mount, which a container may forbid.
    static let readOnlyPossible: Bool = {
        guard geteuid() == 0 else { return true }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("attest-mount-probe-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        let mounted = shell("mount --bind '\(probe.path)' '\(probe.path)' && mount -o remount,ro,bind '\(probe.path)'")
        _ = shell("umount '\(probe.path)'")
        if !mounted { recordSkipped("read-only ledger: root without permission to mount (file modes do not stop root)") }
        return mounted
    }()

    @Test("disk full (RLIMIT_FSIZE): the failing append is a storage error and nothing acknowledged is lost")
    func diskFull() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture()
        let run = try runChild(stress, ["append-limited", fixture.path, fixture.keystore.home.path, "alice", "20000", "400000"])
        let last = run.lines.last.map(String.init) ?? ""
        #expect(run.status == 3, "\(run.stdout.suffix(300)) \(run.stderr)")
        #expect(last.hasPrefix("error storage "), "\(last)")
        #expect(last.contains(fixture.path))
        #expect(last.contains("nothing was written"))
        let acknowledged = run.sequences
        #expect(acknowledged.count >= 3, "the limit leaves room for a few appends first")
        let ledger = try Ledger.open(at: fixture.path)
        let report = try LedgerVerifier().verify(ledger)
        #expect(report.isValid, "\(report.problems.prefix(3))")
        for sequence in acknowledged { #expect(try ledger.entry(at: sequence).type == "stress.big") }
        // With the limit gone, the ledger takes appends again.
        #expect(try ledger.append(try TestLedger.draft(1), signer: fixture.test.admin).sequence == ledger.size() - 1)
        Self.record(run.status == 3 && report.isValid)
    }

    @Test(
        "a read-only ledger: writes fail with a storage error, reads and verify still work",
        .enabled(if: FaultStorageTests.readOnlyPossible, "root without permission to mount: a read-only ledger cannot be made here"))
    func readOnly() throws {
        let fixture = try FaultFixture(entries: 5)
        let path = fixture.path
        let folder = fixture.test.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Root ignores file modes, so as root the folder becomes a read-only bind mount.
        let roPath = folder.appendingPathComponent("attest.ledger").path
        // Move the committed pages from the WAL into the file first, so the copy is the whole ledger.
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try FileManager.default.copyItem(atPath: path, toPath: roPath)
        let mounted =
            geteuid() == 0
            && shell("mount --bind '\(folder.path)' '\(folder.path)' && mount -o remount,ro,bind '\(folder.path)'")
        if geteuid() == 0 {
            if !mounted { _ = shell("umount '\(folder.path)'") }
            try #require(mounted, "the probe could mount, this mount failed")
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: roPath)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        }
        defer {
            if mounted { _ = shell("umount '\(folder.path)'") }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: roPath))
        var ok = true
        do {
            let ledger = try Ledger.open(at: roPath)
            let error = #expect(throws: LedgerError.self) { try ledger.append(try TestLedger.draft(7), signer: fixture.test.admin) }
            #expect(error?.code == .storage)
            ok = ok && error?.code == .storage
        } catch let error as LedgerError {
            #expect(error.code == .storage, "\(error)")
            #expect(error.message.contains(roPath))
            ok = ok && error.code == .storage
        }
        // Reading: SQLite cannot create the WAL index (-shm) in a read-only folder, so a read-only
        // open there opens the file as immutable; verify works (docs/reliability.md).
        var readable = false
        do {
            let reader = try Ledger.open(at: roPath, readOnly: true)
            let report = try LedgerVerifier().verify(reader)
            #expect(report.isValid && report.entriesChecked == 6, "\(report.problems.prefix(3))")
            readable = report.isValid
        } catch {
            Issue.record("a read-only open in a read-only folder failed: \(error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: roPath)) == before, "the file is unchanged")
        Self.record(ok && readable)
    }

    @Test("a lost WAL file: the ledger opens shorter, verifies alone, and an outside checkpoint names the first lost entry")
    func missingWAL() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture(entries: 3)
        let path = fixture.path
        // The fixture's entries 0...3 are folded into the database file, so that exactly the
        // worker's appends live only in the WAL.
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let folded = try Ledger.open(at: path, readOnly: true).size()
        #expect(folded == 4)
        // Let a worker commit appends and die before any checkpoint folds its WAL into the file.
        let worker = try BackgroundChild(stress, ["append", path, fixture.keystore.home.path, "alice", "100000", "wal"])
        try worker.waitFor(lines: 20)
        let acknowledged = worker.kill().compactMap { UInt64($0) }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        // The log operator's checkpoint of that state, published outside the ledger.
        let external: SignedCheckpoint = try {
            let reader = try Ledger.open(at: path, readOnly: true)
            let size = try reader.size()
            return try SignedCheckpoint(
                checkpoint: Checkpoint(origin: reader.origin, size: size, root: try reader.root(size: size)), signer: fixture.test.logSigner
            )
        }()
        #expect(external.checkpoint.size >= folded + UInt64(acknowledged.count))

        // A careless backup copies the database file alone: the WAL and its index are lost. (The
        // copy is opened, not the original, so that no handle of this process still maps the
        // lost index.)
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        #expect(wal.count > 0)
        let restored = fixture.test.folder.appendingPathComponent("restored.ledger").path
        try FileManager.default.copyItem(atPath: path, toPath: restored)
        #expect(!FileManager.default.fileExists(atPath: restored + "-wal"))

        // The one expected outcome: the ledger opens without the lost entries and verifies on
        // its own; against the outside checkpoint it fails at the first lost entry.
        let ledger = try Ledger.open(at: restored, readOnly: true)
        let size = try ledger.size()
        let plain = try LedgerVerifier().verify(ledger)
        let checked = try LedgerVerifier().verify(ledger, against: external)
        #expect(size < external.checkpoint.size, "the lost WAL held committed entries")
        #expect(size >= folded, "what was folded into the file survives")
        #expect(plain.isValid, "\(plain.problems.prefix(3))")
        #expect(!checked.isValid, "a ledger missing committed entries must not verify against the outside checkpoint")
        #expect(checked.firstProblem?.kind == .inconsistentCheckpoint)
        #expect(checked.firstProblem?.sequence == size, "names the first missing entry")
        Self.record(
            size < external.checkpoint.size && plain.isValid && !checked.isValid && checked.firstProblem?.kind == .inconsistentCheckpoint
                && checked.firstProblem?.sequence == size)
    }

    @Test("a database page overwritten with random bytes never crashes and never verifies with data missing")
    func corruptPages() throws {
        // A ledger of a few dozen pages, its WAL folded into the file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("original.ledger").path
        let admin = try Signer(name: "alice", key: .generate())
        let logSigner = try Signer(name: TestLedger.origin, key: .generate())
        let (size, root): (UInt64, Digest) = try {
            let ledger = try Ledger.create(at: original, origin: TestLedger.origin, logKey: logSigner.verifierKey, admin: admin)
            try ledger.append((0..<400).map { try TestLedger.draft($0) }, signer: admin)
            try ledger.checkpoint(signedBy: logSigner)
            return (try ledger.size(), try ledger.root(size: try ledger.size()))
        }()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let pages = bytes.count / pageSize
        #expect(pages > 10)
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        var mishandled: [Int] = []
        for page in 1...pages {
            let path = folder.appendingPathComponent("page-\(page).ledger").path
            var damaged = bytes
            let start = (page - 1) * pageSize
            for offset in start..<start + pageSize { damaged[offset] = UInt8.random(in: 0...255, using: &generator) }
            try damaged.write(to: URL(fileURLWithPath: path))
            let outcome: String
            do {
                let ledger = try Ledger.open(at: path, readOnly: true)
                let report = try LedgerVerifier().verify(ledger)
                if report.isValid {
                    // Verify may pass only when no entry is missing or changed (an index page).
                    let complete = report.entriesChecked == size && report.root == root
                    #expect(complete, "page \(page): verifies with data missing")
                    if !complete { mishandled.append(page) }
                    outcome = "verifies, nothing missing"
                } else {
                    outcome = "verify fails"
                }
            } catch let error as LedgerError {
                let clear = (error.code == .storage || error.code == .verificationFailed) && error.message.contains(path)
                #expect(error.code == .storage || error.code == .verificationFailed, "page \(page): \(error)")
                #expect(error.message.contains(path), "page \(page): the message names the file")
                if !clear { mishandled.append(page) }
                outcome = "\(error.code) error"
            } catch {
                Issue.record("page \(page): an error that is not a LedgerError: \(error)")
                mishandled.append(page)
                outcome = "unexpected error"
            }
            outcomes[outcome, default: 0] += 1
            try? FileManager.default.removeItem(atPath: path)
        }
        print("corrupt pages (\(pages)): \(outcomes.sorted { $0.key < $1.key }), mishandled \(mishandled)")
        // Handled only when every damaged page gave a clear error, a failed verify, or a
        // complete verify.
        Self.record(mishandled.isEmpty)
    }
}

/// Runs a shell command; whether it exited 0.
func shell(_ command: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " >/dev/null 2>&1"]
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
