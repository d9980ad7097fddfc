import AttestLedger
import Dispatch
import Synchronization

/// The PostgreSQL log as the system of record behind a SQLite working copy
/// (`attest serve --store postgres://`, docs/postgres.md section 7): attached to the working
/// copy's `Ledger`, every write takes the database's append lock, first takes the entries other
/// processes appended, and commits in the database before the file commits.
///
/// Its calls block the calling thread (a `Ledger` write is synchronous) while the work runs on
/// Swift's cooperative pool: write on a thread of your own, as `attest serve` does.
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

    /// Runs `work` on the cooperative pool and waits for it on this thread.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
