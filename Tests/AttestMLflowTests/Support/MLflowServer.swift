import Foundation
import Synchronization

/// A real `mlflow server` (SQLite backend, local proxied artifact store, a free loopback port),
/// started once per test process by scripts/mlflow/serve.py, which stops it when this process
/// exits. Tests share it and keep apart by model name.
final class MLflowServer: Sendable {
    let folder: URL
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
    /// MLflow's own Python client, kept running for the whole test run.
    private let client: PopulateClient
    var artifacts: URL { folder.appendingPathComponent("artifacts") }

    private init(folder: URL, port: Int) {
        self.folder = folder
        self.port = port
        self.client = PopulateClient(trackingURI: "http://127.0.0.1:\(port)", folder: folder)
    }

    private static let shared = Mutex<Result<MLflowServer, any Error>?>(nil)
    /// The server's watchdog process, kept alive for the whole test run.
    nonisolated(unsafe) private static var keeper: Process?

    /// The shared server, started on first use.
    static func get() throws -> MLflowServer {
        try shared.withLock { state in
            if let state { return try state.get() }
            let result = Result { try start() }
            state = result
            return try result.get()
        }
    }

    private static func start() throws -> MLflowServer {
        try MLflowTools.ensureVenv()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-mlflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let portFile = folder.appendingPathComponent("port")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MLflowTools.python)
        process.arguments = [MLflowTools.script("serve.py"), "--dir", folder.path, "--port-file", portFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: touch(folder.appendingPathComponent("serve.err")))
        try process.run()
        keeper = process
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return MLflowServer(folder: folder, port: port)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        let err = (try? String(contentsOf: folder.appendingPathComponent("serve.err"), encoding: .utf8)) ?? ""
        throw MLflowTools.Failure(description: "mlflow server did not start: \(err)")
    }

    static func touch(_ url: URL) throws -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    /// Runs a scripts/mlflow/populate.py request against this server; returns its JSON lines.
    @discardableResult
    func populate(_ arguments: [String]) throws -> [[String: Any]] {
        try client.request(arguments).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Logs and registers `count` versions of `model`; returns each one's `model_id`.
    @discardableResult
    func register(_ model: String, versions count: Int) throws -> [String] {
        try populate(["--model", model, "--versions", String(count)]).compactMap { $0["model_id"] as? String }
    }

    /// Points an alias through MLflow's own client.
    func setAlias(_ model: String, _ alias: String, _ version: Int) throws {
        try populate(["--model", model, "--set-alias", alias, "--version", String(version)])
    }

    /// The aliases MLflow serves for `model`, read through its REST API.
    func aliases(_ model: String) throws -> [String: Int] {
        let name = model.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
        let data = try Data(contentsOf: URL(string: "\(url)/api/2.0/mlflow/registered-models/get?name=\(name)")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let aliases = (object?["registered_model"] as? [String: Any])?["aliases"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: aliases.map { ($0["alias"] as! String, Int($0["version"] as! String)!) })
    }

    /// The folder on disk that holds a logged model's artifacts (the local store behind the server).
    func artifactFolder(modelId: String) throws -> URL {
        let walker = FileManager.default.enumerator(at: artifacts, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if url.lastPathComponent == modelId { return url.appendingPathComponent("artifacts") }
        }
        throw MLflowTools.Failure(description: "no artifact folder for \(modelId) under \(artifacts.path)")
    }
}
