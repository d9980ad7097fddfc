import ArgumentParser
import AttestLedger
import AttestWitness
import Foundation
import Logging

/// `attest witness serve`: run a C2SP tlog-witness over HTTP.
struct WitnessServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a C2SP tlog-witness: verify and cosign checkpoints of the logs it witnesses.",
        discussion: """
            The logs witnessed are those given with --log and those listed in STATE/logs.txt (one log \
            verifier key per line; --log adds to it). The witness's own key is a keystore key; its \
            cosigner verifier key (type 0x04) is printed at start and by 'attest witness key NAME'.
            """
    )

    @Option(name: .long, help: "The witness's key in the keystore (also its cosigner name).")
    var key: String

    @Option(name: .long, help: "The address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: String = "127.0.0.1:7380"

    @Option(name: .long, help: "The state folder (created if missing).")
    var state: String

    @Option(name: .long, help: "A log verifier key to witness (name+keyid+base64; the name is the origin). Repeatable.")
    var log: [String] = []

    @Option(name: .long, help: "Read the key's passphrase from this file (default: $ATTEST_WITNESS_PASSPHRASE or $ATTEST_PASSPHRASE).")
    var passphraseFile: String?

    func run() throws {
        let console = Console.current
        let (host, port) = try Self.address(listen)
        let store = try WitnessCLI.storage { try WitnessStore(folder: console.url(state)) }
        for text in log {
            let logKey: VerifierKey
            do { logKey = try VerifierKey(parsing: text) } catch let error as LedgerError {
                throw CommandFailure.badInput("--log: \(error.message)")
            }
            try WitnessCLI.storage { try store.addLog(logKey) }
        }
        let logs = try WitnessCLI.storage { try store.listedLogs() }
        guard !logs.isEmpty else {
            throw CommandFailure.badInput("the witness has no log to witness: pass --log VKEY or list keys in \(store.logsFile.path)")
        }
        let signer = try WitnessCLI.loadKey(name: key, passphraseFile: passphraseFile)
        let witness = try WitnessCLI.storage { try Witness(name: signer.name, signingKey: signer.key, logs: logs, store: store) }
        let logger: Logger = {
            var logger = Logger(label: "attest.witness")
            logger.logLevel = .warning
            return logger
        }()
        let banner = "witness \(witness.key)\nlistening on http://\(host):PORT for \(logs.count) log(s)\n"
        let serve: @Sendable () async throws -> Void = {
            try await WitnessServer.run(witness: witness, host: host, port: port, logger: logger) { bound in
                // Tests and scripts read these lines to learn the key and the port.
                let text = banner.replacingOccurrences(of: ":PORT ", with: ":\(bound) ")
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await serve() } catch { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw CommandFailure(error.localizedDescription, exitCode: AttestExit.system) }
    }

    static func address(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw CommandFailure.badInput("--listen '\(text)': expected HOST:PORT, e.g. 127.0.0.1:7380") }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw CommandFailure.badInput("--listen '\(text)': the host is empty") }
        return (host, port)
    }
}
