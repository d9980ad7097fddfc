import AttestLedger

/// The PostgreSQL log as the system of record behind a SQLite working copy
/// (`attest serve --store postgres://`, docs/postgres.md section 7): attached to the working
/// copy's `Ledger`, every write takes the database's append lock, first takes the entries other
/// processes appended, and commits in the database before the file commits.
///
/// Its calls block the calling thread (a `Ledger` write is synchronous) while the work runs on
/// a dispatch queue of its own (``Blocking``), so a write may come from any thread.
public final class PostgresMirror: LedgerMirror {
    /// The log written to; used by nothing else (its one connection carries the open transaction).
    public let log: PostgresLog

    /// Mirrors to `log`, a handle of its own.
    public init(log: PostgresLog) { self.log = log }

    /// Takes the append lock in a new transaction and returns what the database holds beyond the file.
    public func begin(localSize: UInt64, localCheckpointSize: UInt64) throws -> LedgerChanges {
        let log = log
        return try Self.wait { try await log.beginMirroredWrite(localSize: localSize, localCheckpointSize: localCheckpointSize) }
    }

    /// Stores the write's entries, checkpoints and cosignatures, checked, and commits.
    public func commit(_ changes: LedgerChanges) throws {
        let log = log
        try Self.wait { try await log.commitMirroredWrite(changes) }
    }

    /// Rolls the database's transaction back (nothing when none is open).
    public func rollback() {
        let log = log
        try? Self.wait { await log.rollbackMirroredWrite() }
    }

    /// Runs `work` on an executor of its own (``Blocking``, not the cooperative pool, whose threads
    /// may all be waiting) and waits for it on this thread.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        try Blocking.run(work)
    }
}
