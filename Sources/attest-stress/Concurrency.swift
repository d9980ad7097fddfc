import AttestLedger
import Foundation

/// Concurrency: `--processes` processes write to one ledger at once for a fixed number of
/// operations each. Raw appenders are `attest-stress append` workers; when `--attest PATH`
/// names the CLI binary, half of the processes are CLI workers running the operations of
/// `CLIOperation.catalogue` one `attest` process after another. Afterwards: one unbroken chain
/// (`LedgerVerifier` and `attest verify`, which also compares the projections with a replay),
/// every acknowledged append present exactly once, no sequence number twice, every successful
/// CLI write's entry present, and no "database is locked" in any output.
enum ConcurrencyRun {
    struct Result: Codable {
        var processes = 0
        var rawWorkers = 0
        var cliWorkers = 0
        var operations = 0
        var failedOperations = 0
        var acknowledgedAppends = 0
        var lost = 0
        var duplicates = 0
        var lockedMessages = 0
        var cliOperations: [String: Int] = [:]
        var entries: UInt64 = 0
        var verified = false
        var cliVerified: Bool?
        var seconds = 0.0
        var operationsPerSecond = 0.0
        var failures: [String] = []
    }

    static func run(_ options: Options) throws {
        let processes = options.int("processes", 8)
        let operations = options.int("operations", 250)
        let attest = options.string("attest").flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stress-conc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledgerPath = folder.appendingPathComponent("attest.ledger").path
        let home = folder.appendingPathComponent("home").path
        var environment = ProcessInfo.processInfo.environment
        environment["ATTEST_HOME"] = home
        environment["ATTEST_LEDGER"] = ledgerPath
        environment["ATTEST_ACTOR"] = StressFixture.admin
        environment.removeValue(forKey: "ATTEST_PASSPHRASE")

        // The ledger: through the CLI when there is one (so that it has the registry's tables).
        let cliWorkers = attest == nil ? 0 : processes / 2
        if let attest {
            for setup in [
                ["key", "generate", StressFixture.admin, "--no-passphrase"],
                ["init", "--origin", StressFixture.origin, "--admin", StressFixture.admin, "--unencrypted-log-key"],
            ] {
                let done = try runProcess(attest, setup, environment: environment)
                guard done.status == 0 else { fail("'attest \(setup.joined(separator: " "))' failed: \(done.stderr)") }
            }
            for setup in CLIOperation.globalSetup {
                let done = try runProcess(attest, setup, environment: environment)
                guard done.status == 0 else { fail("'attest \(setup.joined(separator: " "))' failed: \(done.stderr)") }
            }
            for worker in 0..<cliWorkers {
                let done = try runProcess(attest, CLIOperation.setup(worker: worker), environment: environment)
                guard done.status == 0 else { fail("CLI worker setup failed: \(done.stderr)") }
            }
        } else {
            let keystore = Keystore(home: URL(fileURLWithPath: home))
            let admin = try Signer(name: StressFixture.admin, key: .generate())
            try keystore.store(admin, passphrase: nil)
            let logSigner = try Signer(name: StressFixture.origin, key: .generate())
            _ = try Ledger.create(at: ledgerPath, origin: StressFixture.origin, logKey: logSigner.verifierKey, admin: admin)
        }
        try Data("model weights".utf8).write(to: folder.appendingPathComponent("model.bin"))
        try Data(CLIOperation.evaluationCSV.utf8).write(to: folder.appendingPathComponent("eval.csv"))
        let sizeBefore = try Ledger.open(at: ledgerPath).size()
        let workerEnvironment = environment
        let rawWorkers = processes - cliWorkers

        var result = Result()
        result.processes = processes
        result.rawWorkers = rawWorkers
        result.cliWorkers = cliWorkers
        let outcomes = Outcomes()
        let started = Date()
        let group = DispatchGroup()
        let worker = selfExecutable()
        for index in 0..<rawWorkers {
            group.enter()
            Thread {
                let done = try? runProcess(
                    worker, ["append", ledgerPath, home, StressFixture.admin, String(operations), "w\(index)"],
                    environment: workerEnvironment)
                outcomes.addRaw(index: index, done)
                group.leave()
            }.start()
        }
        if let attest {
            for index in 0..<cliWorkers {
                group.enter()
                Thread {
                    for step in 0..<operations {
                        let operation = CLIOperation.catalogue[step % CLIOperation.catalogue.count]
                        let done = try? runProcess(attest, operation.arguments(index, step, folder.path), environment: workerEnvironment)
                        outcomes.addCLI(operation.name, done)
                    }
                    group.leave()
                }.start()
            }
        }
        group.wait()
        result.seconds = Date().timeIntervalSince(started)

        // Check the outcome.
        let ledger = try Ledger.open(at: ledgerPath)
        let report = try LedgerVerifier().verify(ledger)
        result.verified = report.isValid
        if !report.isValid { result.failures.append("verify: \(report.problems.prefix(3))") }
        result.entries = try ledger.size()
        var seen = Set<UInt64>()
        for (index, done) in outcomes.raw.sorted(by: { $0.key < $1.key }) {
            guard let done else {
                result.failures.append("worker w\(index) did not start")
                continue
            }
            if done.status != 0 { result.failures.append("worker w\(index) exited \(done.status): \(done.stderr.prefix(300))") }
            if done.stderr.lowercased().contains("database is locked") { result.lockedMessages += 1 }
            let acknowledged = sequenceNumbers(done.stdout)
            result.acknowledgedAppends += acknowledged.count
            result.operations += acknowledged.count
            result.failedOperations += operations - acknowledged.count
            for sequence in acknowledged {
                if !seen.insert(sequence).inserted { result.duplicates += 1 }
                let entry = sequence < result.entries ? try? ledger.entry(at: sequence) : nil
                if entry?.payloadText.contains("\"tag\":\"w\(index)\"") != true { result.lost += 1 }
            }
        }
        let appended = try ledger.entries(types: ["stress.append"]).count
        if appended != result.acknowledgedAppends {
            result.failures.append("\(appended) stress.append entries for \(result.acknowledgedAppends) acknowledged appends")
        }
        var expectedCLIEntries = 0
        for (name, outcome) in outcomes.cli {
            result.cliOperations[name] = outcome.succeeded
            result.operations += outcome.succeeded
            result.failedOperations += outcome.failed
            result.lockedMessages += outcome.locked
            result.failures += outcome.messages.prefix(3)
            if CLIOperation.catalogue.first(where: { $0.name == name })?.entryType != nil { expectedCLIEntries += outcome.succeeded }
        }
        if let attest {
            let types = Set(CLIOperation.catalogue.compactMap(\.entryType))
            let written = try ledger.entries(types: Array(types), range: sizeBefore...UInt64(Int64.max)).count
            if written != expectedCLIEntries {
                result.failures.append("\(written) CLI entries for \(expectedCLIEntries) successful CLI writes")
            }
            let verify = try runProcess(attest, ["verify"], environment: environment)
            result.cliVerified = verify.status == 0
            if verify.status != 0 { result.failures.append("attest verify: \(verify.stderr.prefix(300))") }
        }
        let total = Int(result.entries - sizeBefore)
        if total < result.operations - outcomes.readOperations {
            result.failures.append("the ledger grew by \(total) entries for \(result.operations) operations")
        }
        result.operationsPerSecond = Double(result.operations) / result.seconds
        try writeJSON(result, to: options.string("json"))
        say(
            "processes \(processes) (raw \(rawWorkers), cli \(cliWorkers)) operations \(result.operations) failed \(result.failedOperations) lost \(result.lost) duplicates \(result.duplicates) locked-messages \(result.lockedMessages) entries \(result.entries) verified \(result.verified) seconds \(String(format: "%.1f", result.seconds)) ops/s \(String(format: "%.0f", result.operationsPerSecond))"
        )
        for (name, count) in result.cliOperations.sorted(by: { $0.key < $1.key }) { say("  cli \(name): \(count) ok") }
        for failure in result.failures.prefix(10) { say("  \(failure)") }
        let ok =
            result.verified && result.lost == 0 && result.duplicates == 0 && result.lockedMessages == 0
            && result.failedOperations == 0 && result.failures.isEmpty && result.cliVerified != false
        if !ok { exit(1) }
    }
}

/// What the worker threads report.
final class Outcomes: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access.
    struct CLI {
        var succeeded = 0
        var failed = 0
        var locked = 0
        var messages: [String] = []
    }

    private let lock = NSLock()
    private var rawResults: [Int: Finished?] = [:]
    private var cliResults: [String: CLI] = [:]
    private var reads = 0

    func addRaw(index: Int, _ done: Finished?) { lock.withLock { rawResults[index] = .some(done) } }

    func addCLI(_ name: String, _ done: Finished?) {
        lock.withLock {
            var outcome = cliResults[name, default: CLI()]
            if let done, done.status == 0 {
                outcome.succeeded += 1
                if CLIOperation.catalogue.first(where: { $0.name == name })?.entryType == nil { reads += 1 }
            } else {
                outcome.failed += 1
                outcome.messages.append("attest \(name) exited \(done?.status ?? -1): \(done?.stderr.prefix(300) ?? "did not start")")
            }
            if let done, (done.stderr + done.stdout).lowercased().contains("database is locked") { outcome.locked += 1 }
            cliResults[name] = outcome
        }
    }

    var raw: [Int: Finished?] { lock.withLock { rawResults } }
    var cli: [String: CLI] { lock.withLock { cliResults } }
    var readOperations: Int { lock.withLock { reads } }
}

/// The CLI operations that CLI workers cycle through, one cycle per model version: register a
/// version, evaluate it on a data file, approve it, promote it (to staging: the worker's models
/// are low-risk, which the shipped policy set lets into staging without a gate, but the decision
/// is still recorded), and read the log. `arguments(worker, step)` gives the command line,
/// `entryType` the entry each success appends (nil for read-only commands).
struct CLIOperation: Sendable {
    let name: String
    let entryType: String?
    let arguments: @Sendable (_ worker: Int, _ step: Int, _ folder: String) -> [String]

    /// The repository's shipped policies, published once before the clock starts.
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policies").path

    /// Run once before the workers start.
    /// The publication needs a second person (its quorum): a risk officer approves it.
    static let globalSetup: [[String]] = [
        ["actor", "grant", StressFixture.admin, "policy-admin"],
        ["key", "generate", "rita", "--no-passphrase"],
        ["actor", "add", "rita", "--role", "risk-officer"],
        ["policy", "publish", policies],
        ["policy", "approve", "--as", "rita"],
    ]

    /// Run once per CLI worker before the clock starts.
    static func setup(worker: Int) -> [String] {
        ["model", "create", "stress-\(worker)", "--owner", StressFixture.admin, "--purpose", "stress test", "--risk-tier", "low"]
    }

    /// The data file `evaluate` reads (written by the driver).
    static let evaluationCSV =
        "label,prediction,score,sex\n"
        + (0..<200).map { index in
            "\(index % 2),\(index % 3 == 0 ? 1 : index % 2),\(Double(index % 10) / 10),\(index % 4 == 0 ? "F" : "M")"
        }.joined(separator: "\n") + "\n"

    /// The version a step works on: one version per cycle of the catalogue.
    static func version(_ step: Int) -> String { String(step / catalogue.count + 1) }

    static let catalogue: [CLIOperation] = [
        CLIOperation(name: "model register", entryType: "model.version.registered") { worker, step, folder in
            [
                "model", "register", "stress-\(worker)", "--artifact", folder + "/model.bin", "--param", "step=\(step)",
                "--metric", "auc=0.\(step % 10)", "--code", "https://git.example/stress@\(String(format: "%040x", step))",
            ]
        },
        CLIOperation(name: "evaluate", entryType: "evaluation.recorded") { worker, step, folder in
            [
                "evaluate", "stress-\(worker)", version(step), "--data", folder + "/eval.csv", "--label", "label",
                "--prediction", "prediction", "--score", "score", "--sensitive", "sex",
            ]
        },
        CLIOperation(name: "approve", entryType: "approval.granted") { worker, step, _ in
            ["approve", "stress-\(worker)", version(step), "--to", "staging", "--comment", "under load"]
        },
        CLIOperation(name: "promote", entryType: "promotion.decided") { worker, step, _ in
            ["promote", "stress-\(worker)", version(step), "--to", "staging"]
        },
        CLIOperation(name: "log", entryType: nil) { _, _, _ in ["log", "--limit", "20", "--json"] },
    ]
}
