import Foundation
import Synchronization

/// One long-lived `populate.py --serve` process that the MLflow tests send their requests to, so
/// MLflow and scikit-learn are imported once per test run rather than once per request. Requests
/// are answered one at a time; a client whose process died is started again on the next request.
final class PopulateClient: Sendable {
    private struct Running {
        let process: Process
        let requests: FileHandle
        let replies: FileHandle
        var buffered = Data()
    }

    private let trackingURI: String
    private let folder: URL
    private let running = Mutex<Running?>(nil)

    init(trackingURI: String, folder: URL) {
        self.trackingURI = trackingURI
        self.folder = folder
    }

    /// Sends one request (populate.py's arguments without --tracking-uri) and returns what it
    /// printed; throws with the Python traceback when the request failed.
    func request(_ arguments: [String]) throws -> String {
        try running.withLock { state in
            var client = try state.flatMap { $0.process.isRunning ? $0 : nil } ?? start()
            defer { state = client }
            let line = try JSONSerialization.data(withJSONObject: arguments) + Data("\n".utf8)
            try client.requests.write(contentsOf: line)
            let reply = try readLine(&client)
            guard let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] else {
                throw MLflowTools.Failure(description: "populate.py answered \(String(decoding: reply, as: UTF8.self))")
            }
            let out = object["out"] as? String ?? ""
            guard object["ok"] as? Bool == true else {
                let error = object["error"] as? String ?? "no traceback"
                throw MLflowTools.Failure(description: "populate.py \(arguments.joined(separator: " ")) failed: \(error)\(out)")
            }
            return out
        }
    }

    private func start() throws -> Running {
        try MLflowTools.ensureVenv()
        // A write to a client that died must be an error here, not SIGPIPE ending the tests.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MLflowTools.python)
        process.arguments = [MLflowTools.script("populate.py"), "--tracking-uri", trackingURI, "--serve"]
        process.currentDirectoryURL = folder
        let requests = Pipe()
        let replies = Pipe()
        process.standardInput = requests
        process.standardOutput = replies
        process.standardError = try FileHandle(forWritingTo: MLflowServer.touch(folder.appendingPathComponent("populate.err")))
        try process.run()
        return Running(process: process, requests: requests.fileHandleForWriting, replies: replies.fileHandleForReading)
    }

    private func readLine(_ state: inout Running) throws -> Data {
        while true {
            if let newline = state.buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = state.buffered[state.buffered.startIndex..<newline]
                state.buffered = Data(state.buffered[state.buffered.index(after: newline)...])
                return Data(line)
            }
            // What the pipe holds now (at least a byte; empty at the end of the file).
            let chunk = state.replies.availableData
            guard !chunk.isEmpty else {
                let err = (try? String(contentsOf: folder.appendingPathComponent("populate.err"), encoding: .utf8)) ?? ""
                throw MLflowTools.Failure(description: "populate.py --serve exited: \(err.suffix(2000))")
            }
            state.buffered += chunk
        }
    }
}
