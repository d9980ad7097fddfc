public import AttestLedger
public import AttestMLflow
public import Foundation

/// How `attest serve` runs: the ledger, where it listens, TLS, and the protocol's limits.
public struct ServerConfiguration: Sendable {
    /// A certificate chain and private key, PEM files.
    public struct TLSFiles: Sendable {
        /// The certificate chain (PEM).
        public var certificatePath: String
        /// The private key (PEM).
        public var keyPath: String

        /// Names the files.
        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// The ledger file.
    public var ledgerPath: String
    /// The address to listen on; plain HTTP only on a loopback address unless ``insecure``.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// TLS, when given.
    public var tls: TLSFiles?
    /// Allows plain HTTP on an address that is not loopback.
    public var insecure: Bool
    /// How long the server waits for a client's signature on a proposal, holding the write
    /// transaction; then the act rolls back (408).
    public var signingTimeout: TimeInterval
    /// The largest request body taken, in bytes.
    public var maximumBodyBytes: Int
    /// How long a connection may stay idle (a slow or stalled client) before it is closed, in seconds.
    public var idleTimeout: TimeInterval = 30
    /// How old a signed request may be (RFC 9421 `created`), in seconds.
    public var signatureMaximumAge: TimeInterval
    /// How far in the future `created` may be, in seconds (clock skew).
    public var clockSkew: TimeInterval
    /// How many nonces the replay cache holds; when full of unexpired nonces, requests get 503.
    public var nonceCapacity: Int
    /// The server's own actor key, which records a refusal the refused client would not sign.
    public var serviceSigner: Signer?
    /// The log key, to sign fresh checkpoints; without it the latest stored checkpoint is served.
    /// Every checkpoint the server signs goes to the ledger's witnesses (`witnesses.set`).
    public var logSigner: Signer?
    /// With ``logSigner``: every this many seconds, when the log has grown, sign a checkpoint
    /// and send it to the witnesses; 0 signs only when asked (`GET /v1/checkpoint`, admission).
    public var checkpointInterval: TimeInterval = 0
    /// How long to wait for each witness, in seconds.
    public var witnessTimeout: TimeInterval = 5
    /// The system-of-record store behind the ledger file (`attest serve --store postgres://`):
    /// every write of the server's registry is mirrored to it and commits there first; the file
    /// is the working copy with the projections (docs/postgres.md section 7). `nil`: the file alone.
    public var mirror: (any LedgerMirror)?

    /// Receives MLflow webhook deliveries at `POST /v1/mlflow/webhook` (docs/mlflow.md,
    /// "Webhooks"); needs ``serviceSigner``, whose actor signs the entries. `nil`: the route
    /// answers 404.
    public var mlflowWebhook: MLflowWebhookReceiver?
    /// The clock.
    public var clock: @Sendable () -> Date
    /// Called once the server listens, with the port it bound (useful with port 0).
    public var onListening: (@Sendable (Int) -> Void)?

    /// A configuration with the documented defaults.
    public init(
        ledgerPath: String, host: String = "127.0.0.1", port: Int = 8080, tls: TLSFiles? = nil, insecure: Bool = false,
        signingTimeout: TimeInterval = 10, maximumBodyBytes: Int = 16 << 20, signatureMaximumAge: TimeInterval = 300,
        clockSkew: TimeInterval = 5, nonceCapacity: Int = 100_000, serviceSigner: Signer? = nil, logSigner: Signer? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.ledgerPath = ledgerPath
        self.host = host
        self.port = port
        self.tls = tls
        self.insecure = insecure
        self.signingTimeout = signingTimeout
        self.maximumBodyBytes = maximumBodyBytes
        self.signatureMaximumAge = signatureMaximumAge
        self.clockSkew = clockSkew
        self.nonceCapacity = nonceCapacity
        self.serviceSigner = serviceSigner
        self.logSigner = logSigner
        self.clock = clock
        self.onListening = nil
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Refuses plain HTTP off loopback without ``insecure``.
    /// - Throws: ``ServerError`` (`.badInput`).
    public func validate() throws {
        guard tls != nil || isLoopback || insecure else {
            throw ServerError(
                .badInput,
                "refusing plain HTTP on \(host), which is not a loopback address: give --tls-cert and --tls-key, or --insecure to accept it"
            )
        }
        guard (0...65535).contains(port) else { throw ServerError(.badInput, "port \(port) is not 0-65535") }
    }
}
