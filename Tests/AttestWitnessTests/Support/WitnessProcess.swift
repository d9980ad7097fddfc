import AttestLedger
import AttestTestProcesses
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An `attest witness serve` process on a free loopback port.
// @unchecked Sendable: `process` is set once in init; kill and stop only signal and wait for it.
final class WitnessProcess: @unchecked Sendable {
    let process: Process
    let url: URL
    let witnessKey: WitnessKey

    /// Starts a witness and waits until it listens.
    /// - Parameters:
    ///   - home: the keystore folder (`ATTEST_HOME`) holding the unencrypted key `name`.
    ///   - name: the witness key's name.
    ///   - state: the state folder.
    ///   - logs: the log keys it witnesses.
    init(home: URL, name: String, state: URL, logs: [VerifierKey], port: Int = 0) throws {
        let binary = try #require(AttestBinary.locate(), "build the attest product first (swift build --build-tests does)")
        let process = Process()
        process.executableURL = binary
        process.arguments =
            ["witness", "serve", "--key", name, "--listen", "127.0.0.1:\(port)", "--state", state.path]
            + logs.flatMap { ["--log", $0.description] }
        var environment = ProcessInfo.processInfo.environment
        environment["ATTEST_HOME"] = home.path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("listening on "), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
            let key = text.split(separator: "\n").first(where: { $0.hasPrefix("witness ") })
        else {
            process.terminate()
            throw LedgerError(.badInput, "the witness did not start: \(text)")
        }
        let address = line.dropFirst("listening on ".count).split(separator: " ")[0]
        self.process = process
        self.url = URL(string: String(address))!
        self.witnessKey = try WitnessKey(parsing: String(key.dropFirst("witness ".count)))
    }

    /// Kills the witness with SIGKILL and waits for it.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the witness politely.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// A keystore holding an unencrypted witness key named `name`.
    static func keystore(name: String) throws -> (home: URL, signer: Signer) {
        let home = try temporaryFolder("witness-home")
        let signer = try Signer(name: name, key: SigningKey.generate())
        try Keystore(home: home).store(signer, passphrase: nil)
        return (home, signer)
    }
}
