import AttestLedger
import AttestPostgres
import AttestRegistry
import Foundation

/// `attest serve --store postgres://`: the PostgreSQL log as the system of record and the ledger
/// file as its working copy (docs/postgres.md section 7).
enum PostgresStore {
    /// Opens the log at `url`, makes the working copy at `path` from it when the file is missing,
    /// and brings an existing copy up to the database's head. A write may wait for the append lock
    /// as long as another server's write waits for its client's signature, so `begin` gets
    /// `signingTimeout` and 20 s more before the mirror gives up on the database.
    /// - Returns: the mirror for the server's registry (close it with ``close(_:)``).
    /// - Throws: `CommandFailure` (exit 2) for a bad URL; `LedgerError` (`.notFound` when the
    ///   database holds no ledger, `.verificationFailed` when the file is not a copy of it, `.storage`).
    static func workingCopy(of url: String, at path: String, signingTimeout: Double) throws -> PostgresMirror {
        let location: PostgresLocation
        do { location = try PostgresLocation(parsing: url) } catch let error as LedgerError {
            throw CommandFailure.badInput("--store: \(error.message)")
        }
        let log = try Blocking.run { try await PostgresLog.open(at: location) }
        let mirror = PostgresMirror(log: log, beginDeadline: .milliseconds(Int((signingTimeout + 20) * 1000)))
        do {
            if !FileManager.default.fileExists(atPath: path) {
                _ = try Blocking.run {
                    try await PostgresLog.withOpen(at: location) { source in
                        try await LedgerMigration.copy(from: source, toFile: path, projectors: Registry.projectors)
                    }
                }
            }
            let registry = try Registry.open(at: path)
            guard registry.ledger.origin == log.origin, registry.ledger.logKey == log.logKey else {
                throw LedgerError(
                    .verificationFailed,
                    "\(path) is the ledger \(registry.ledger.origin), \(location) holds \(log.origin): the file is not a copy of this database"
                )
            }
            registry.ledger.attach(mirror: mirror)
            try registry.ledger.write { _ in }  // catch up with what others appended
            return mirror
        } catch {
            close(mirror)
            throw error
        }
    }

    /// Closes the mirror's connection.
    static func close(_ mirror: PostgresMirror) {
        let log = mirror.log
        try? Blocking.run { await log.close() }
    }
}
