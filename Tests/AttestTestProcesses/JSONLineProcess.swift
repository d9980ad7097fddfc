import Foundation
import Synchronization

/// A long-lived child process that answers each request, one JSON line on its standard input,
/// with one JSON object on a line of its standard output: for Python helpers whose imports cost
/// seconds of CPU, paid once per test run instead of once per request. Requests are answered one
/// at a time; a process that died is started again on the next request.
public final class JSONLineProcess: Sendable {
    /// A request that could not be answered: the process could not start, or it exited.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with what the process said on its standard error.
        public let description: String
    }

    private struct Running {
        let process: Process
        let requests: FileHandle
        let replies: FileHandle
        var buffered = Data()
    }

    private let executable: URL
    private let arguments: [String]
    private let folder: URL
    private let errorLog: URL
    private let running = Mutex<Running?>(nil)

    /// `executable arguments`, run in `folder`, its standard error appended to `errorLog`.
    public init(executable: URL, arguments: [String], folder: URL, errorLog: URL) {
        self.executable = executable
        self.arguments = arguments
        self.folder = folder
        self.errorLog = errorLog
    }

    /// Sends `request` (a JSON value) and returns the object answered.
    public func request(_ request: Any) throws -> [String: Any] {
        let line = try JSONSerialization.data(withJSONObject: request) + Data("\n".utf8)
        return try running.withLock { state in
            var client = try state.flatMap { $0.process.isRunning ? $0 : nil } ?? start()
            defer { state = client }
            try client.requests.write(contentsOf: line)
            let reply = try readLine(&client)
            guard let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] else {
                throw Failure(description: "\(executable.lastPathComponent) answered \(String(decoding: reply, as: UTF8.self))")
            }
            return object
        }
    }

    private func start() throws -> Running {
        // A write to a process that died must be an error here, not SIGPIPE ending the tests.
        signal(SIGPIPE, SIG_IGN)
        if !FileManager.default.fileExists(atPath: errorLog.path) {
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: errorLog)
        try log.seekToEnd()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let requests = Pipe()
        let replies = Pipe()
        process.standardInput = requests
        process.standardOutput = replies
        process.standardError = log
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
                let said = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
                throw Failure(
                    description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited: \(said.suffix(2000))")
            }
            state.buffered += chunk
        }
    }
}
