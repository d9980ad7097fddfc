import AttestLedger
import AttestTestProcesses
import Foundation

/// `attest witness serve` processes for the CLI's end-to-end witness tests.
// @unchecked Sendable: `process` is set once in init; stop only signals it and waits.
final class WitnessServeProcess: @unchecked Sendable {
    let process = Process()
    let url: String
    let key: String

    /// Starts a witness with keystore key `name` (in `home`) that witnesses `log`.
    init(home: String, name: String, state: URL, log: String) throws {
        guard let binary = AttestBinary.locate() else { throw CommandFailureForTests("build the attest product first") }
        process.executableURL = binary
        process.arguments = ["witness", "serve", "--key", name, "--listen", "127.0.0.1:0", "--state", state.path, "--log", log]
        process.environment = ProcessInfo.processInfo.environment.merging(["ATTEST_HOME": home]) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("listening on "), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        guard let listening = lines.first(where: { $0.hasPrefix("listening on ") }),
            let keyLine = lines.first(where: { $0.hasPrefix("witness ") })
        else {
            process.terminate()
            throw CommandFailureForTests("the witness did not start: \(text)")
        }
        url = String(listening.dropFirst("listening on ".count).split(separator: " ")[0])
        key = String(keyLine.dropFirst("witness ".count))
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

struct CommandFailureForTests: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
