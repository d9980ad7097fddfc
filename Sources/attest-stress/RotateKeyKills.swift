import AttestLedger
import Foundation

/// `attest actor rotate-key` under SIGKILL: runs the real command and kills it, then runs
/// `rotate-key --recover` and checks that the keystore's key loads, is the one key the ledger
/// trusts for the actor, that no `.new` file is left, and that the ledger verifies. Repeats
/// `--kills` times on one ledger and keystore.
///
/// Half of the kills fall at a random time over one uninterrupted rotation's duration (start-up,
/// Argon2id, opening the ledger); the other half wait until the sealed new key appears
/// (`NAME.key.new`) and then fall 0 to 1.5 times the time from that moment to the end of the
/// uninterrupted rotation (or `--tail-ms`) later, in the short stretch that matters: the ledger
/// commit and the renames.
///
///     attest-stress rotate-kill [--kills N] [--attest PATH] [--seed S] [--tail-ms MS] [--json FILE]
enum RotateKeyKills {
    struct Result: Codable {
        var kills = 0
        var survived = 0
        var killedMidway = 0
        var killsAfterStaging = 0
        var finishedBeforeKill = 0
        var recoveredCompleted = 0
        var recoveredDiscarded = 0
        var rotationsRecorded = 0
        var uninterruptedMilliseconds = 0.0
        var tailMilliseconds = 0.0
        var seconds = 0.0
        var failures: [String] = []
    }

    static let actor = "alice"

    static func run(_ options: Options) throws {
        let kills = options.int("kills", 200)
        var random = SplitMix64(seed: UInt64(options.int("seed", Int(Date().timeIntervalSince1970))))
        let attest =
            options.string("attest")
            ?? URL(fileURLWithPath: selfExecutable()).deletingLastPathComponent().appendingPathComponent("attest").path
        guard FileManager.default.isExecutableFile(atPath: attest) else { fail("no attest executable at \(attest); pass --attest PATH") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stress-rotate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = folder.appendingPathComponent("passphrase").path
        try Data("stress passphrase\n".utf8).write(to: URL(fileURLWithPath: passphrase))
        let ledger = folder.appendingPathComponent("attest.ledger").path
        let home = folder.appendingPathComponent("home")
        var environment = ProcessInfo.processInfo.environment
        environment["ATTEST_HOME"] = home.path
        for name in ["ATTEST_PASSPHRASE", "ATTEST_NEW_PASSPHRASE", "ATTEST_LOG_PASSPHRASE", "ATTEST_ACTOR", "ATTEST_LEDGER"] {
            environment[name] = nil
        }
        func attestRun(_ arguments: [String]) throws -> Finished {
            try runProcess(attest, arguments + ["--ledger", ledger], environment: environment)
        }
        let keyArgs = ["key", "generate", actor, "--passphrase-file", passphrase]
        let generated = try runProcess(attest, keyArgs, environment: environment)
        guard generated.status == 0 else { fail("key generate failed: \(generated.stderr)") }
        let created = try attestRun([
            "init", "--origin", "stress.example/rotate", "--admin", actor, "--passphrase-file", passphrase, "--unencrypted-log-key",
        ])
        guard created.status == 0 else { fail("init failed: \(created.stderr)") }
        let rotate = [
            "actor", "rotate-key", "--as", actor, "--passphrase-file", passphrase, "--new-passphrase-file", passphrase,
        ]
        let store = Keystore(home: home)
        let staged = store.privateKeyURL(actor).path + ".new"
        // One uninterrupted rotation, timed as a whole and from the moment the sealed key appears.
        let timing = Process()
        timing.executableURL = URL(fileURLWithPath: attest)
        timing.arguments = rotate + ["--ledger", ledger]
        timing.environment = environment
        timing.standardOutput = FileHandle.nullDevice
        timing.standardError = FileHandle.nullDevice
        let timingStart = Date()
        try timing.run()
        var stagedAt: Date?
        while timing.isRunning {
            if stagedAt == nil, FileManager.default.fileExists(atPath: staged) { stagedAt = Date() }
            usleep(200)
        }
        let timingEnd = Date()
        guard timing.terminationStatus == 0 else { fail("an uninterrupted rotation failed") }
        var result = Result()
        result.uninterruptedMilliseconds = timingEnd.timeIntervalSince(timingStart) * 1000
        let window = UInt64(max(timingEnd.timeIntervalSince(timingStart) * 1.2, 0.05) * 1_000_000)
        let tailSeconds = timingEnd.timeIntervalSince(stagedAt ?? timingEnd)
        let tail =
            options.string("tail-ms") != nil ? UInt64(options.int("tail-ms", 0)) * 1000 : UInt64(max(tailSeconds * 1.5, 0.02) * 1_000_000)
        result.tailMilliseconds = Double(tail) / 1000
        let started = Date()
        for round in 0..<kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: attest)
            process.arguments = rotate + ["--ledger", ledger]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if round % 2 == 0 {
                usleep(UInt32(random.next(upTo: window)))
            } else {
                // Wait for the sealed new key (or the end of the process), then a short random delay.
                let deadline = Date().addingTimeInterval(Double(window) / 1_000_000 * 3)
                while process.isRunning, !FileManager.default.fileExists(atPath: staged), Date() < deadline { usleep(200) }
                if FileManager.default.fileExists(atPath: staged) { result.killsAfterStaging += 1 }
                usleep(UInt32(random.next(upTo: tail)))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            result.kills += 1
            if process.terminationReason == .uncaughtSignal { result.killedMidway += 1 } else { result.finishedBeforeKill += 1 }
            let recovery = try attestRun(["actor", "rotate-key", "--recover", "--as", actor, "--json"])
            var problems: [String] = []
            if recovery.status != 0 {
                problems.append("recover exited \(recovery.status): \(recovery.stderr)")
            } else if recovery.stdout.contains("\"completed\"") {
                result.recoveredCompleted += 1
            } else if recovery.stdout.contains("\"discarded\"") {
                result.recoveredDiscarded += 1
            }
            problems += check(store: store, ledgerPath: ledger, passphrase: "stress passphrase")
            if problems.isEmpty {
                result.survived += 1
            } else {
                result.failures.append("kill \(round): " + problems.joined(separator: "; "))
            }
            if (round + 1) % 25 == 0 || round + 1 == kills {
                FileHandle.standardError.write(Data("rotate-kill: \(round + 1)/\(kills) kills, \(result.failures.count) failures\n".utf8))
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        if let opened = try? Ledger.open(at: ledger, readOnly: true) {
            let size = (try? opened.size()) ?? 0
            result.rotationsRecorded = (0..<size).filter { (try? opened.entry(at: $0).type) == LedgerEntryType.keyRotated }.count
        }
        try writeJSON(result, to: options.string("json"))
        say(
            "kills \(result.kills) survived \(result.survived) killed-midway \(result.killedMidway) aimed-after-staging \(result.killsAfterStaging) finished-before-kill \(result.finishedBeforeKill) recovered-completed \(result.recoveredCompleted) recovered-discarded \(result.recoveredDiscarded) rotations \(result.rotationsRecorded) rotation-ms \(String(format: "%.0f", result.uninterruptedMilliseconds)) tail-ms \(String(format: "%.0f", result.tailMilliseconds)) seconds \(String(format: "%.1f", result.seconds))"
        )
        for failure in result.failures.prefix(10) { say("  \(failure)") }
        if result.survived != result.kills { exit(1) }
    }

    /// The invariants after a recovery: no pending files; the stored key loads and is the only
    /// key the ledger trusts for the actor; the ledger verifies.
    static func check(store: Keystore, ledgerPath: String, passphrase: String) -> [String] {
        var problems: [String] = []
        if store.pendingRotation(name: actor) != nil { problems.append("a .new file is left after --recover") }
        do {
            let signer = try store.load(name: actor) {
                var bytes = Array(passphrase.utf8)
                return SecretBytes(consuming: &bytes)
            }
            let ledger = try Ledger.open(at: ledgerPath, readOnly: true)
            let trusted = try ledger.keyDirectory().activeKeys(of: actor)
            if trusted != [signer.verifierKey] {
                problems.append("the keystore holds \(signer.verifierKey) but the ledger trusts \(trusted)")
            }
            if let stored = try? store.publicKey(name: actor), stored != signer.verifierKey {
                problems.append("\(actor).pub holds \(stored), \(actor).key holds \(signer.verifierKey)")
            }
            let report = try LedgerVerifier().verify(ledger)
            if !report.isValid { problems.append("verify failed: \(report.problems.prefix(3))") }
        } catch {
            problems.append("\(error)")
        }
        return problems
    }
}
