import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import Foundation

/// Issue 4's figures: `attest evaluate` on the deterministic 1,000,000-row CSV (about 28 MB),
/// timed from process start to exit (the release `attest` binary next to this one), with and
/// without `--bootstrap 1000`, against pandas + fairlearn on the same file in the same run
/// (`scripts/bench/fairlearn_peer.py`; needs `pip install fairlearn pandas`).
///
/// - Parameters:
///   - report: Collects the rows.
///   - quick: Fewer repetitions (3 plain runs, 1 bootstrap run, 1 peer run instead of 5, 3, 3).
/// - Throws: `BenchError` when the binary fails or the fixture cannot be built.
func runEvaluationBenches(report: Report, quick: Bool) throws {
    let rows = 1_000_000
    let plan = (plain: quick ? 3 : 5, bootstrap: quick ? 1 : 3, peer: quick ? 1 : 3)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "attest-eval-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    say("evaluation: \(Format.count(Double(rows)))-row CSV, attest evaluate vs pandas + fairlearn")
    let csv = folder.appendingPathComponent("eval.csv")
    let written = try Measure.seconds { try SyntheticEvaluationData.writeCSV(to: csv.path, rows: rows, seed: 42) }
    let bytes = (try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? NSNumber)?.intValue ?? 0
    report.note(
        "evaluation file: \(Format.count(Double(rows))) rows, \(Format.fixed(Double(bytes) / 1e6, 1)) MB, written in \(Format.fixed(written, 2)) s (SyntheticEvaluationData, seed 42)"
    )

    // In-process: read + evaluate with the library, no hashing or recording.
    let spec = EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["sex", "age_band"])
    var library: [Double] = []
    for _ in 0..<plan.plain {
        library.append(try Measure.seconds { _ = try Evaluator.evaluate(file: csv.path, spec: spec) })
    }
    report.add(
        Row(
            measure: "AttestMetrics read + evaluate in-process, 1M rows (median of \(plan.plain))",
            value: "\(Format.fixed(Measure.median(library), 3)) s"))

    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        report.note(
            "evaluation: skipped 'attest evaluate' (no attest binary at \(binary.path); build it with 'swift build -c release --product attest')"
        )
        return
    }
    let home = folder.appendingPathComponent("home")
    let ledgerPath = try EvaluationBenchFixture.ledger(in: folder, home: home, data: csv)
    let base = [
        "evaluate", "bench-credit", "1", "--ledger", ledgerPath, "--data", csv.path, "--label", "label", "--prediction", "prediction",
        "--score", "score", "--sensitive", "sex", "--sensitive", "age_band", "--as", "alice",
    ]
    let environment = ["ATTEST_HOME": home.path]

    let peer = try EvaluationBenchFixture.fairlearn(csv: csv, runs: plan.peer, report: report)
    func peerColumns(_ attest: Double) -> (peer: String, ratio: String) {
        guard let peer else { return ("-", "-") }
        return ("fairlearn \(Format.fixed(peer, 2)) s", Format.ratio(peer / attest))
    }

    var plain: [Double] = []
    for _ in 0..<plan.plain {
        plain.append(try Measure.seconds { try runProcess(binary.path, base, environment: environment) })
    }
    let plainMedian = Measure.median(plain)
    let plainPeer = peerColumns(plainMedian)
    report.add(
        Row(
            measure:
                "attest evaluate, 1M rows, sex + age_band + intersection, score, recorded; process start to exit (median of \(plan.plain))",
            value: "\(Format.fixed(plainMedian, 3)) s", target: "<= 1 s", peer: plainPeer.peer, ratio: plainPeer.ratio,
            missed: plainMedian > 1))

    var bootstrap: [Double] = []
    for _ in 0..<plan.bootstrap {
        bootstrap.append(
            try Measure.seconds {
                try runProcess(binary.path, base + ["--bootstrap", "1000", "--seed", "7"], environment: environment)
            })
    }
    let bootstrapMedian = Measure.median(bootstrap)
    let bootstrapPeer = peerColumns(bootstrapMedian)
    report.add(
        Row(
            measure:
                "attest evaluate --bootstrap 1000 --seed 7, 1M rows, \(ProcessInfo.processInfo.activeProcessorCount) cores; process start to exit (median of \(plan.bootstrap))",
            value: "\(Format.fixed(bootstrapMedian, 2)) s", target: "<= 30 s", peer: bootstrapPeer.peer, ratio: bootstrapPeer.ratio,
            missed: bootstrapMedian > 30))
}

/// The ledger, the child processes and the Python peer of the evaluation benchmark.
private enum EvaluationBenchFixture {
    /// A ledger with model `bench-credit` v1 whose `test` dataset is `data`, and alice's key
    /// (admin, unencrypted) in the keystore at `home` so that the child processes can sign.
    static func ledger(in folder: URL, home: URL, data: URL) throws -> String {
        let admin = try Keystore(home: home).generate(name: "alice", passphrase: nil)
        let log = try Signer(name: "bench.example.com/evaluation", key: .generate())
        let path = folder.appendingPathComponent("evaluation.ledger").path
        let registry = try Registry.create(at: path, origin: log.name, logKey: log.verifierKey, admin: admin)
        try registry.createModel("bench-credit", owner: "alice", purpose: "benchmark", riskTier: .high, by: admin)
        let artifact = folder.appendingPathComponent("model.bin")
        try Data("weights".utf8).write(to: artifact)
        try registry.registerVersion(
            "bench-credit",
            VersionRequest(
                artifacts: [artifact], datasets: [(role: "test", url: data)], code: try GitProbe.parse("bench.example/credit@0")),
            by: admin)
        return path
    }

    /// The peer's own time (read_csv through the two disparities, as the script reports it),
    /// median of `runs`; `nil` with a note when python3, pandas or fairlearn is missing.
    static func fairlearn(csv: URL, runs: Int, report: Report) throws -> Double? {
        let scriptCandidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts/bench/fairlearn_peer.py"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("scripts/bench/fairlearn_peer.py"),
        ]
        guard let script = scriptCandidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            report.note("fairlearn peer skipped: scripts/bench/fairlearn_peer.py not found (run from the repository root)")
            return nil
        }
        guard (try? capture("/usr/bin/env", ["python3", "-c", "import fairlearn, pandas, sklearn"])) != nil else {
            report.note(
                "fairlearn peer skipped: python3 with fairlearn, pandas and scikit-learn is not available ('pip install fairlearn pandas')")
            return nil
        }
        var inScript: [Double] = []
        var wall: [Double] = []
        var output = ""
        for _ in 0..<runs {
            wall.append(try Measure.seconds { output = try capture("/usr/bin/env", ["python3", script.path, csv.path]) })
            guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
                let seconds = object["seconds"] as? Double
            else { throw BenchError("fairlearn_peer.py printed no seconds: \(output)") }
            inScript.append(seconds)
        }
        let version =
            (try? capture("/usr/bin/env", ["python3", "-c", "import fairlearn, pandas; print(fairlearn.__version__, pandas.__version__)"]))?
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ") ?? []
        let median = Measure.median(inScript)
        report.add(
            Row(
                measure:
                    "peer: pandas read_csv + fairlearn MetricFrame (4 metrics by intersection) + 2 disparities, 1M rows (median of \(runs); fairlearn \(version.first ?? "?"), pandas \(version.dropFirst().first ?? "?"))",
                value: "\(Format.fixed(median, 2)) s in-script, \(Format.fixed(Measure.median(wall), 2)) s process"))
        report.note(
            "ratios compare the peer's in-script time (without Python start-up and imports) with attest's whole process, which also hashes the file and signs and appends the entry"
        )
        return median
    }
}
