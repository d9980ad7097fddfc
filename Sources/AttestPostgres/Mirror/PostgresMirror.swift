import AttestLedger
import Synchronization

/// The PostgreSQL log as the system of record behind a SQLite working copy
/// (`attest serve --store postgres://`, docs/postgres.md section 7): attached to the working
/// copy's `Ledger`, every write takes the database's append lock, first takes the entries other
/// processes appended, and commits in the database before the file commits.
///
/// Its calls block the calling thread (a `Ledger` write is synchronous) while the work runs on
/// a dispatch queue of its own (``Blocking``), so a write may come from any thread. Each call has
/// a deadline: a database that does not answer in time (a primary lost while a commit waited for
/// its synchronous standby) fails the write with a storage error instead of holding the file's
/// write queue, and the mirror goes on with a new handle, which connects again (to the promoted
/// standby after a failover).
public final class PostgresMirror: LedgerMirror {
    /// How long `begin` may take by default: it waits for the append lock, which another server
    /// process's write may hold while it waits for its client's signature (`--signing-timeout`,
    /// at most 300 s). `attest serve` gives the signing timeout and 20 s more.
    public static let beginDeadline: Duration = .seconds(330)
    /// How long `commit` and `rollback` may take.
    public static let commitDeadline: Duration = .seconds(15)

    private let handle: Mutex<PostgresLog>
    private let deadlines: (begin: Duration, commit: Duration)

    /// The handle in use; after a call missed its deadline, a new one (``PostgresLog/successor()``).
    public var log: PostgresLog { handle.withLock { $0 } }

    /// Mirrors to `log`, a handle of its own.
    /// - Parameters:
    ///   - log: the handle, used by nothing else (its one connection carries the open transaction).
    ///   - beginDeadline: the most `begin` may take.
    ///   - commitDeadline: the most `commit` or `rollback` may take.
    public init(log: PostgresLog, beginDeadline: Duration = beginDeadline, commitDeadline: Duration = commitDeadline) {
        handle = Mutex(log)
        deadlines = (beginDeadline, commitDeadline)
    }

    /// Takes the append lock in a new transaction and returns what the database holds beyond the file.
    public func begin(localSize: UInt64, localCheckpointSize: UInt64) throws -> LedgerChanges {
        try within(deadlines.begin, "taking the append lock") { log in
            try await log.beginMirroredWrite(localSize: localSize, localCheckpointSize: localCheckpointSize)
        }
    }

    /// Stores the write's entries, checkpoints and cosignatures, checked, and commits.
    public func commit(_ changes: LedgerChanges) throws {
        try within(deadlines.commit, "committing") { log in try await log.commitMirroredWrite(changes) }
    }

    /// Rolls the database's transaction back (nothing when none is).
    public func rollback() {
        try? within(deadlines.commit, "rolling back") { log in await log.rollbackMirroredWrite() }
    }

    /// Runs `work` on the current handle, on an executor of its own (``Blocking``, not the
    /// cooperative pool, whose threads may all be waiting), and waits for it up to `deadline`.
    /// When the deadline passes, the handle is abandoned (its connection closed, so the work
    /// fails if it ever resumes) and replaced, and the write fails: it was not acknowledged. A
    /// commit whose answer was lost may still have committed; the next `begin` returns it.
    private func within<T: Sendable>(
        _ deadline: Duration, _ what: String, _ work: @escaping @Sendable (PostgresLog) async throws -> T
    ) throws -> T {
        let log = log
        if let result = try Blocking.run(timeout: deadline, { try await work(log) }) { return result }
        handle.withLock { current in
            if current === log { current = log.successor() }
        }
        Task { await log.abandon() }
        throw LedgerError(
            .storage,
            "\(log.location): no answer within \(deadline.components.seconds) s while \(what); nothing was acknowledged, and the next write connects again"
        )
    }
}
