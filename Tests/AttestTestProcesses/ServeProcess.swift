import Foundation

// @unchecked Sendable: `process` is set up once in init; stop only signals it and waits.
/// An `attest serve` child process (the built binary) on a free loopback port, stopped when
/// released. Running the server in its own process keeps it out of the test process's
/// cooperative pool, which the rest of a parallel suite may keep busy.
public final class ServeProcess: @unchecked Sendable {
    /// Why the server could not be started.
    public struct StartFailure: Error, CustomStringConvertible {
        /// What went wrong, with the server's output.
        public let description: String
    }

    let process = Process()
    /// The server's base URL, `http://127.0.0.1:PORT`.
    public let url: String
    /// Where the server's standard error (its log) is kept.
    public let log: URL

    /// Starts `attest serve --listen 127.0.0.1:0 --json` followed by `arguments`, in `folder`.
    public init(folder: URL, environment: [String: String], arguments: [String]) throws {
        guard let binary = AttestBinary.locate() else {
            throw StartFailure(description: "build the attest product first (swift build)")
        }
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--json"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = folder
        let out = Pipe()
        log = folder.appendingPathComponent("serve-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let range = text.range(of: "\"listening\":\""), let end = text[range.upperBound...].firstIndex(of: "\"") else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let why = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw StartFailure(description: "attest serve did not start (exit \(process.terminationStatus)): \(text) \(why)")
        }
        url = String(text[range.upperBound..<end])
    }

    /// SIGKILL (the default) or another signal such as SIGTERM for a clean stop; waits for the process.
    public func stop(signal: Int32 = SIGKILL) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit { stop() }
}
