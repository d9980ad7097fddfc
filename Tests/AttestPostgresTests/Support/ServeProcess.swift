import AttestPostgres
import Foundation

/// An `attest serve --store postgres://...` process (the built `attest` binary), on a free
/// loopback port, killed at the end of the test.
// @unchecked Sendable: `process` is set up once in init; stop only signals it and waits.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let url: String

    /// Starts `attest serve` with `arguments` (after `serve --listen 127.0.0.1:0 --json`) in `folder`.
    init(folder: URL, environment: [String: String], arguments: [String]) throws {
        guard let binary = Self.binary() else { throw HarnessError("build the attest product first (swift build)") }
        process.executableURL = binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--json"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = folder
        let out = Pipe()
        let errors = folder.appendingPathComponent("serve-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let range = text.range(of: "\"listening\":\""), let end = text[range.upperBound...].firstIndex(of: "\"") else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let why = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw HarnessError("attest serve did not start (exit \(process.terminationStatus)): \(text) \(why)")
        }
        url = String(text[range.upperBound..<end])
    }

    /// SIGTERM (a clean stop) or SIGKILL; waits for the process.
    func stop(signal: Int32 = SIGKILL) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit { stop() }

    static func binary() -> URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("attest"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/attest"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
