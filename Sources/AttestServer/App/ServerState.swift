import AttestLedger
import AttestRegistry
import Dispatch
import Foundation

/// What every route shares: the registry (one handle for writes, one for reads, so a read never
/// waits behind an act that holds the write transaction), the acts in progress, the nonces.
final class ServerState: Sendable {
    let configuration: ServerConfiguration
    /// Writes: acts and checkpoints.
    let registry: Registry
    /// Reads: its own SQLite connection (WAL: readers see the last commit).
    let reader: Registry
    let sessions = SessionStore()
    /// Sign-in codes and sessions of the reviewer pages.
    let pageSessions: PageSessions
    let authenticator: RequestAuthenticator
    let runner: ActRunner
    /// Signs checkpoints and has them cosigned, when the server holds the log key.
    let publisher: CheckpointPublisher?

    init(configuration: ServerConfiguration) throws {
        self.configuration = configuration
        pageSessions = PageSessions(clock: configuration.clock)
        registry = try Registry.open(at: configuration.ledgerPath, clock: configuration.clock)
        registry.ledger.attach(mirror: configuration.mirror)
        // Acts queued behind each other share one commit (docs/architecture.md, "Shared
        // commits"); a PostgreSQL store commits each write there instead.
        if configuration.mirror == nil { registry.ledger.shareCommits() }
        reader = try Registry.open(at: configuration.ledgerPath, readOnly: true, clock: configuration.clock)
        var authenticator = RequestAuthenticator(
            registry: reader, nonces: NonceCache(capacity: configuration.nonceCapacity),
            maximumAge: configuration.signatureMaximumAge, skew: configuration.clockSkew, clock: configuration.clock)
        if configuration.mirror != nil {
            authenticator.catchUp = { [registry] in try registry.ledger.write { _ in } }
        }
        self.authenticator = authenticator
        runner = ActRunner(
            registry: registry, serviceSigner: configuration.serviceSigner, logSigner: configuration.logSigner,
            witnessTimeout: configuration.witnessTimeout)
        try MLflowWebhookRoutes.check(configuration, registry: reader)
        if let logSigner = configuration.logSigner {
            publisher = CheckpointPublisher(
                writer: registry.ledger, reader: reader.ledger, logSigner: logSigner, timeout: configuration.witnessTimeout)
        } else {
            publisher = nil
        }
    }
}

/// Runs blocking work (SQLite, a command waiting for a client's signature) on a GCD thread, never
/// on Swift's cooperative pool, whose few threads must stay free to take the signatures.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
