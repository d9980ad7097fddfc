import Foundation

/// scripts/mlflow/proxy.py in front of the shared server: basic auth, or an injected status on
/// the requests whose path contains a string until `heal()`.
final class FaultProxy {
    let process: Process
    let portFile: URL
    let url: String

    init(upstream: MLflowServer, arguments: [String]) throws {
        portFile = upstream.folder.appendingPathComponent("proxy-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: MLflowTools.python)
        process.arguments = [MLflowTools.script("proxy.py"), "--upstream", upstream.url, "--port-file", portFile.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while port == nil, Date() < deadline, process.isRunning {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        guard let port else { throw MLflowTools.Failure(description: "proxy.py did not start") }
        url = "http://127.0.0.1:\(port)"
    }

    /// Stops injecting failures.
    func heal() { _ = FileManager.default.createFile(atPath: portFile.path + ".heal", contents: Data()) }

    /// Kills the proxy outright: SIGTERM can leave its serving thread running, and a deinit that
    /// waited for it would hold one of the test run's few cooperative threads for ever.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
