import ArgumentParser
import AttestLedger
import AttestMLflow
import AttestServer
import Foundation
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a ledger to a team: the /v1 API with RFC 9421 signed requests (docs/api.md).",
        discussion: """
            Clients sign every entry with their own keys (protocol attest-append/1, docs/log-format.md \
            section 14): the server proposes each entry and appends it only with its actor's signature. \
            Plain HTTP is allowed on a loopback address only, unless --insecure; give --tls-cert and \
            --tls-key for HTTPS. Stops on SIGINT or SIGTERM.
            """)

    @OptionGroup var options: LedgerOptions

    @Option(name: .long, help: "HOST:PORT to listen on (port 0 picks a free one).")
    var listen = "127.0.0.1:8080"

    @Option(name: .long, help: "The TLS certificate chain (PEM).")
    var tlsCert: String?

    @Option(name: .long, help: "The TLS private key (PEM).")
    var tlsKey: String?

    @Flag(name: .long, help: "Allow plain HTTP on an address that is not loopback.")
    var insecure = false

    @Option(name: .long, help: "The server's own actor, whose key records refusals a client would not sign.")
    var serviceKey: String?

    @Option(name: .long, help: "Read the service key's passphrase from this file (default: $ATTEST_PASSPHRASE).")
    var passphraseFile: String?

    @Flag(
        name: .long,
        help: "Sign fresh checkpoints with the log key (passphrase: $ATTEST_LOG_PASSPHRASE) and send each to the ledger's witnesses.")
    var signCheckpoints = false

    @Option(name: .long, help: "With --sign-checkpoints: seconds between checkpoints while the log grows (0: only when asked).")
    var checkpointInterval: Double = 5

    @Option(name: .long, help: "Seconds to wait for each witness.")
    var witnessTimeout: Double = 5

    @Option(name: .long, help: "Seconds to wait for a client's signature before rolling an act back.")
    var signingTimeout: Double = 10

    @Option(
        name: .long,
        help:
            "Keep the log in PostgreSQL (postgres://USER@HOST:PORT/DATABASE): the system of record; the ledger file becomes its working copy, made from it when missing (docs/postgres.md)."
    )
    var store: String?

    @Option(
        name: .long,
        help: "Receive MLflow webhooks at POST /v1/mlflow/webhook; the webhook's secret is this file's first line (needs --service-key).")
    var mlflowWebhookSecretFile: String?

    @Option(name: .long, help: "With --mlflow-webhook-secret-file: the MLflow tracking server the webhook belongs to.")
    var mlflowTrackingUri: String?

    @Flag(
        name: .long,
        help:
            "With --mlflow-webhook-secret-file: move a protected alias that no decision allows back in MLflow (the service actor must be an admin or risk-officer)."
    )
    var mlflowEnforce = false

    func validate() throws {
        guard (mlflowWebhookSecretFile == nil) == (mlflowTrackingUri == nil) else {
            throw ValidationError("--mlflow-webhook-secret-file and --mlflow-tracking-uri go together")
        }
        guard !mlflowEnforce || mlflowWebhookSecretFile != nil else {
            throw ValidationError("--mlflow-enforce goes with --mlflow-webhook-secret-file")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard signingTimeout > 0, signingTimeout <= 300 else { throw ValidationError("--signing-timeout must be 0-300 seconds") }
        guard checkpointInterval >= 0, checkpointInterval <= 86_400 else {
            throw ValidationError("--checkpoint-interval must be 0-86400 seconds")
        }
        guard witnessTimeout > 0, witnessTimeout <= 300 else { throw ValidationError("--witness-timeout must be 0-300 seconds") }
    }

    func run() throws {
        let (host, port) = try Self.parseListen(listen)
        let path = try store == nil ? options.ledgerURL().path : options.ledgerURL(creating: true).path
        let mirror = try store.map { try PostgresStore.workingCopy(of: $0, at: path, signingTimeout: signingTimeout) }
        defer { if let mirror { PostgresStore.close(mirror) } }
        var configuration = ServerConfiguration(
            ledgerPath: path, host: host, port: port,
            tls: tlsCert.map { ServerConfiguration.TLSFiles(certificatePath: $0, keyPath: tlsKey!) }, insecure: insecure,
            signingTimeout: signingTimeout)
        if let serviceKey {
            configuration.serviceSigner = try Passphrases.loadKey(
                name: serviceKey, passphraseFile: passphraseFile, environmentVariable: "ATTEST_PASSPHRASE")
        }
        if signCheckpoints {
            let ledger = try Ledger.open(at: path, readOnly: true)
            configuration.logSigner = try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: nil)
            configuration.checkpointInterval = checkpointInterval
        }
        configuration.witnessTimeout = witnessTimeout
        configuration.mirror = mirror
        configuration.mlflowWebhook = try webhookReceiver()
        let scheme = tlsCert == nil ? "http" : "https"
        let json = options.json
        configuration.onListening = { bound in
            if json {
                Console.current.out(JSONOutput.compact(["listening": "\(scheme)://\(host):\(bound)", "port": bound]))
            } else {
                Console.current.out("Listening on \(scheme)://\(host):\(bound)")
            }
        }
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let settings = configuration
        Task {
            do { try await serve(settings) } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        switch failure.withLock({ $0 }) {
        case nil: return
        case let error as ServerError:
            throw CommandFailure(error.message, exitCode: error.code == .badInput ? AttestExit.badInput : AttestExit.system)
        case let error?:
            throw CommandFailure("the server stopped: \(error)", exitCode: AttestExit.system)
        }
    }

    /// The MLflow webhook receiver of the options, if any.
    func webhookReceiver() throws -> MLflowWebhookReceiver? {
        guard let file = mlflowWebhookSecretFile, let uri = mlflowTrackingUri else { return nil }
        guard let data = FileManager.default.contents(atPath: Console.current.url(file).path),
            let text = String(data: data, encoding: .utf8)
        else { throw CommandFailure.badInput("--mlflow-webhook-secret-file \(file): cannot read the file") }
        let secret =
            text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard secret.utf8.count >= 16 else {
            throw CommandFailure.badInput("--mlflow-webhook-secret-file \(file): the secret on its first line must have at least 16 bytes")
        }
        let client = try MLflowCommand.mapped {
            try MLflowClient(
                trackingUri: uri,
                credentials: .from(environment: Console.current.environment, uri: URL(string: uri) ?? URL(fileURLWithPath: "/")))
        }
        return MLflowWebhookReceiver(secret: secret, client: client, enforce: mlflowEnforce)
    }

    /// Splits `HOST:PORT` (`[::1]:PORT` for IPv6).
    static func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { throw CommandFailure.badInput("--listen '\(text)': expected HOST:PORT, e.g. 127.0.0.1:8080") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CommandFailure.badInput("--listen '\(text)': the host is empty") }
        return (host, port)
    }
}
