// attest-bench: release-build benchmarks of the ledger, printed as a table of medians with the
// peers measured in the same run (libsodium, the disk's fdatasync) and quoted peers (Tessera).
//
//   attest-bench [--quick] [--only NAME[,NAME...]] [--entries N] [--dir PATH] [--out FILE] [--ledger PATH]
//   [--replay-ledger DIR]
//
// NAME: the ledger's own: batch, single, big (verify, proofs, bytes per entry on the large
// ledger); the layers above, each in its own file: registry (RegistryBenches.swift), evaluation
// (EvaluationBenches.swift), witness (WitnessBenches.swift), integrity (verify and rebuild of a large registry ledger, three runs
// each; only when named, IntegrityBenches.swift), governance (GovernanceBenches.swift), reports (ReportBenches.swift),
// postgres (PostgresBenches.swift: appends into PostgreSQL vs SQLite, pgbench as the reference), mlflow
// (MLflowBenches.swift: import from a real mlflow server against MLflow's own client; only when named).
// The peers (Ed25519, SHA-256, fdatasync) always run: every ratio needs them.
import Foundation

struct Options {
    var quick = false
    var only: Set<String> = []
    var entries: Int?
    var directory: String?
    var output = "bench-out/ledger.md"

    static let benches = [
        "batch", "single", "big", "registry", "integrity", "evaluation", "governance", "reports", "witness", "server", "postgres", "mlflow",
    ]
    /// The large registry ledger of the `integrity` bench: reused when it exists, kept after.
    var ledger: String?
    /// The folder of the governance bench's replay ledger: reused when it exists, kept after.
    var replayLedger: String?

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--only":
                let names = try value(argument).split(separator: ",").map(String.init)
                for name in names where !benches.contains(name) {
                    throw BenchError("--only \(name): expected one of \(benches.joined(separator: ", "))")
                }
                options.only.formUnion(names)
            case "--entries":
                guard let count = Int(try value(argument)), count >= 2 else { throw BenchError("--entries needs a number >= 2") }
                options.entries = count
            case "--dir": options.directory = try value(argument)
            case "--out": options.output = try value(argument)
            case "--ledger": options.ledger = try value(argument)
            case "--replay-ledger": options.replayLedger = try value(argument)
            case "-h", "--help":
                say(
                    "usage: attest-bench [--quick] [--only NAME,...] [--entries N] [--dir PATH] [--out FILE] [--ledger PATH] [--replay-ledger DIR]"
                )
                say("  --ledger PATH: the integrity bench's registry ledger, built there when missing and kept")
                say("  --replay-ledger DIR: the governance bench's replay ledger (and its keys), built there when missing and kept")
                say("  NAME: \(benches.joined(separator: ", "))")
                exit(0)
            default: throw BenchError("unknown argument '\(argument)'; see --help")
            }
        }
        return options
    }

    func runs(_ name: String) -> Bool { only.isEmpty || only.contains(name) }
}

func main() throws {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let entries = options.entries ?? (options.quick ? 100_000 : 1_000_000)
    let plan = (
        repetitions: options.quick ? 3 : 5, signOps: options.quick ? 5_000 : 20_000, shaBytes: options.quick ? 64 << 20 : 256 << 20,
        fsyncs: options.quick ? 100 : 300, batches: options.quick ? 10 : 30, singles: options.quick ? 100 : 300,
        proofs: options.quick ? 200 : 1000
    )
    let base = URL(fileURLWithPath: options.directory ?? FileManager.default.temporaryDirectory.path)
    let folder = base.appendingPathComponent("attest-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // Other work on the machine skews every figure; record the load so a reader can tell.
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
    let report = Report()
    let started = ContinuousClock.now
    say("attest-bench (\(options.quick ? "quick" : "full") run, \(cores) cores, files in \(folder.path))")

    var peers = PeerResults()
    let ed = Peers.ed25519(operations: plan.signOps, repetitions: plan.repetitions)
    peers.signPerSecond = ed.sign
    peers.verifyPerSecond = ed.verify
    report.add(Row(measure: "libsodium Ed25519 sign, 1 core", value: "\(Format.count(ed.sign))/s"))
    report.add(Row(measure: "libsodium Ed25519 verify, 1 core", value: "\(Format.count(ed.verify))/s"))
    peers.sha256BytesPerSecond = Peers.sha256(bytes: plan.shaBytes, repetitions: plan.repetitions)
    report.add(Row(measure: "libsodium SHA-256", value: "\(Format.fixed(peers.sha256BytesPerSecond / 1e6, 0)) MB/s"))
    let fsyncs = try Peers.fdatasyncSamples(folder: folder, count: plan.fsyncs)
    peers.fdatasyncSeconds = Measure.median(fsyncs)
    report.add(
        Row(
            measure: "write 4 KiB + fdatasync, median (p90 \(Format.ms(Measure.percentile(fsyncs, 90))))",
            value: Format.ms(peers.fdatasyncSeconds)))

    let benches = LedgerBenches(folder: folder, report: report, peers: peers, cores: cores)
    if options.runs("batch") { try benches.batchedAppends(batches: plan.batches, batchSize: 1000) }
    if options.runs("single") { try benches.singleAppends(count: plan.singles) }
    if options.runs("big") { try benches.bigLedger(entries: entries, proofSamples: plan.proofs) }
    if options.runs("registry") {
        try runRegistryBenches(report: report, folder: folder, quick: options.quick, libsodiumSHA256: peers.sha256BytesPerSecond)
    }
    if options.only.contains("integrity") {
        try runIntegrityBenches(report: report, folder: folder, entries: entries, ledger: options.ledger, quick: options.quick)
    }
    if options.runs("evaluation") { try runEvaluationBenches(report: report, quick: options.quick) }
    if options.runs("governance") { try runGovernanceBenches(report: report, quick: options.quick, replayLedger: options.replayLedger) }
    if options.runs("reports") { try runReportBenches(report: report, quick: options.quick) }
    if options.runs("witness") {
        try runWitnessBenches(report: report, folder: folder, quick: options.quick, fdatasyncSeconds: peers.fdatasyncSeconds)
    }
    if options.runs("server") { try runServerBenches(report: report, quick: options.quick) }
    if options.runs("postgres") { try runPostgresBenches(report: report, folder: folder, quick: options.quick) }
    if options.only.contains("mlflow") { try runMLflowBenches(report: report, folder: folder, quick: options.quick) }

    let elapsed = (ContinuousClock.now - started).seconds
    let context = [
        "\(options.quick ? "quick" : "full") run, \(cores) cores, \(ProcessInfo.processInfo.operatingSystemVersionString), total \(Format.fixed(elapsed, 0)) s, 1-minute load average at start \(load)",
        "peers: median of \(plan.repetitions) runs (Ed25519: \(plan.signOps) operations each, 500-byte message; SHA-256: \(plan.shaBytes >> 20) MiB each); fdatasync: median of \(plan.fsyncs) appends of 4 KiB",
        "batched appends: median over \(plan.batches) transactions of 1,000 entries after one warm-up; single appends: \(plan.singles) transactions after 10 warm-ups",
        "large ledger: \(Format.count(Double(entries))) entries built once; verify timed once; proofs: \(plan.proofs) random positions each",
        "Tessera's ~10,000 appends/s is the figure quoted by the Trillian Tessera project, not measured here",
    ]
    let markdown = report.markdown(title: "Attest benchmarks", context: context)
    say("\n" + markdown)
    let outURL = URL(fileURLWithPath: options.output)
    try FileManager.default.createDirectory(at: outURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    // Atomically (a temporary file renamed over it) only for a regular file or a new one: a
    // rename over `--out /dev/null` replaced the device with a file.
    let type = (try? FileManager.default.attributesOfItem(atPath: outURL.path))?[.type] as? FileAttributeType
    try markdown.write(to: outURL, atomically: type == nil || type == .typeRegular, encoding: .utf8)
    say("Wrote \(outURL.path)")
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("attest-bench: \(error)\n".utf8))
    exit(1)
}
