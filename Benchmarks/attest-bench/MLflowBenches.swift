import Foundation

/// Issue 13's figure: `attest mlflow import` of 1,000 model versions (a 1 MiB model file each,
/// plus MLmodel and requirements.txt) from a real `mlflow server` on loopback, with MLflow's own
/// client in the same run as the peers: `search_model_versions` over the same versions (the
/// listing alone) and downloading every version's artifacts (what the import also does, before
/// hashing and signing). The server and the Python client come from `.build/venv-mlflow`
/// (`make mlflow-venv`), the scripts from `scripts/mlflow/`.
func runMLflowBenches(report: Report, folder: URL, quick: Bool) throws {
    let python = URL(fileURLWithPath: ".build/venv-mlflow/bin/python")
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: python.path), FileManager.default.isExecutableFile(atPath: attest.path) else {
        report.note(
            "mlflow: skipped (needs .build/venv-mlflow from 'make mlflow-venv', run from the checkout, and the release attest binary)")
        return
    }
    let versions = quick ? 100 : 1_000
    let place = folder.appendingPathComponent("mlflow")
    try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
    say("mlflow: \(versions) versions of 1 MiB in a real mlflow server")
    let server = try MLflowBenchServer(python: python, folder: place)
    defer { server.stop() }
    let model = "bench-credit"
    let populated = try server.script([
        "--model", model, "--plain", "--versions", String(versions), "--payload-bytes", "1048576", "--scratch", place.path,
    ])
    report.note(
        "mlflow: \(versions) versions registered with MLflow's client in \(Format.fixed(populated["seconds"] as? Double ?? 0, 1)) s (setup, not a figure)"
    )

    var searches: [Double] = []
    for _ in 0..<5 {
        let found = try server.script(["--model", model, "--search"])
        guard found["versions"] as? Int == versions else { throw BenchError("search_model_versions found \(found), expected \(versions)") }
        searches.append(found["seconds"] as? Double ?? .nan)
    }
    let search = Measure.median(searches)
    let download = try server.script(["--model", model, "--download", place.appendingPathComponent("download").path])
    let downloaded = download["seconds"] as? Double ?? .nan
    report.add(
        Row(
            measure: "MLflow's client: search_model_versions over \(Format.count(Double(versions))) versions (median of 5)",
            value: Format.ms(search)))
    report.add(
        Row(
            measure:
                "MLflow's client: download every version's artifacts (\(Format.fixed(Double(download["bytes"] as? Int ?? 0) / 1_048_576, 0)) MiB)",
            value: "\(Format.fixed(downloaded, 2)) s"))

    let home = place.appendingPathComponent("home")
    let ledger = place.appendingPathComponent("attest.ledger").path
    for (arguments, what) in [
        (["key", "generate", "alice", "--no-passphrase"], "key generate"),
        (["key", "generate", "dana", "--no-passphrase"], "key generate"),
        (["init", "--origin", "bench.example.com/mlflow", "--admin", "alice", "--unencrypted-log-key", "--ledger", ledger], "init"),
        (["actor", "add", "dana", "--role", "data-scientist", "--as", "alice", "--ledger", ledger], "actor add"),
    ] {
        guard try runAttest(attest, arguments, home: home) == 0 else { throw BenchError("attest \(what) failed") }
    }
    let importArguments = ["mlflow", "import", "--tracking-uri", server.url, "--model", model, "--as", "dana", "--ledger", ledger]
    var status: Int32 = 0
    let imported = try Measure.seconds { status = try runAttest(attest, importArguments, home: home) }
    guard status == 0 else { throw BenchError("attest mlflow import exited \(status)") }
    report.add(
        Row(
            measure:
                "attest mlflow import of \(Format.count(Double(versions))) versions (artifacts downloaded, streamed and hashed; one signed entry each), process",
            value: "\(Format.fixed(imported, 2)) s (\(Format.ms(imported / Double(versions))) each)", target: "report",
            peer: "MLflow client download \(Format.fixed(downloaded, 2)) s", ratio: Format.ratio(imported / downloaded)))
    var again: [Double] = []
    for _ in 0..<3 {
        again.append(try Measure.seconds { status = try runAttest(attest, importArguments, home: home) })
        guard status == 0 else { throw BenchError("attest mlflow import (again) exited \(status)") }
    }
    let rerun = Measure.median(again)
    report.add(
        Row(
            measure:
                "attest mlflow import again, nothing new (\(Format.count(Double(versions))) versions listed and skipped), process, median of 3",
            value: Format.ms(rerun), peer: "search_model_versions \(Format.ms(search))", ratio: Format.ratio(rerun / search)))
}

/// `scripts/mlflow/serve.py` (a real `mlflow server`, SQLite backend, local artifacts) and
/// `scripts/mlflow/populate.py` (MLflow's own Python client) for the bench.
private struct MLflowBenchServer {
    let python: URL
    let process = Process()
    let url: String

    init(python: URL, folder: URL) throws {
        self.python = python
        let portFile = folder.appendingPathComponent("port")
        process.executableURL = python
        process.arguments = [
            "scripts/mlflow/serve.py", "--dir", folder.appendingPathComponent("server").path, "--port-file", portFile.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var port: String?
        for _ in 0..<600 where port == nil && process.isRunning {
            port = try? String(contentsOf: portFile, encoding: .utf8)
            if port == nil { usleep(200_000) }
        }
        guard let port else { throw BenchError("mlflow server did not start (scripts/mlflow/serve.py)") }
        url = "http://127.0.0.1:\(port)"
    }

    /// Runs populate.py against the server and returns its last line, a JSON object.
    func script(_ arguments: [String]) throws -> [String: Any] {
        let output = try capture(python.path, ["scripts/mlflow/populate.py", "--tracking-uri", url] + arguments)
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
            throw BenchError("populate.py \(arguments.joined(separator: " ")) printed no JSON: \(last)")
        }
        return object
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
