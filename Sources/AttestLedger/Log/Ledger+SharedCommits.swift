import Dispatch
import Foundation
import GRDB
import Synchronization

/// Shared commits (group commit) for a handle written by many threads at once, as `attest
/// serve`'s acts are.
///
/// Each ``Ledger/write(_:)`` is still serialised on the handle's one connection and sees every
/// earlier write, but it runs in a savepoint of a transaction that it may share with the writes
/// queued behind it: when another writer is already waiting, the transaction is left open for
/// it, and the last writer of the group commits for all (one fsync). A write still returns only
/// once its entries are durable, and a write that fails rolls back its own savepoint only.
/// Should the commit itself fail, every write of the group fails with the same error and none of
/// their entries exists. See docs/architecture.md, "Shared commits".
///
/// Reads through the same handle between two writes of a group see the group's writes before
/// they are committed; serve readers from a handle of their own (``Ledger/open(at:readOnly:clock:projectors:)``).
extension Ledger {
    /// Turns shared commits on for this handle.
    /// - Parameter members: the most writes one commit holds; the writer that reaches it commits
    ///   even when others wait.
    public func shareCommits(upTo members: Int = 64) {
        sharing.withLock { s in
            s.enabled = true
            s.limit = max(1, members)
        }
    }

    /// How many writes and commits this handle made with shared commits on.
    public var sharedCommitCounts: (writes: Int, commits: Int) {
        sharing.withLock { ($0.writes, $0.commits) }
    }

    var sharesCommits: Bool { sharing.withLock { $0.enabled } }

    /// One write as a member of the open group.
    func sharedWrite<T>(_ body: (inout LedgerWriter) throws -> T) throws -> T {
        sharing.withLock { $0.queued += 1 }
        var entered = false
        defer { if !entered { sharing.withLock { $0.queued -= 1 } } }
        let (value, group): (T, CommitGroup) = try pool.writeWithoutTransaction { db in
            entered = true
            sharing.withLock { $0.queued -= 1 }
            let group = try openGroup(db)
            try db.execute(sql: "SAVEPOINT attest_write")
            let value: T
            do {
                var writer = try LedgerWriter(ledger: self, db: db)
                value = try body(&writer)
                try db.execute(sql: "RELEASE attest_write")
                keys.withLock { $0 = (writer.directory, writer.scannedThrough) }
            } catch {
                if db.isInsideTransaction {
                    try? db.execute(sql: "ROLLBACK TO attest_write")
                    try? db.execute(sql: "RELEASE attest_write")
                    closeGroupIfLast(db, group)
                } else {
                    // SQLite ended the whole transaction (an I/O error, a full disk): the
                    // earlier members' writes are gone with it.
                    endGroup(group, failure: LedgerError(.storage, "\(path): the shared transaction was rolled back: \(error)"))
                }
                throw error
            }
            group.join()
            closeGroupIfLast(db, group)
            return (value, group)
        }
        try group.waitForCommit()
        return value
    }

    /// Commits the open group, if any, before a write that cannot share it (a mirrored one).
    func commitOpenGroup(_ db: Database) {
        guard let group = sharing.withLock({ $0.open }) else { return }
        commitGroup(db, group)
    }

    /// The open group, or a new one in a new immediate transaction.
    private func openGroup(_ db: Database) throws -> CommitGroup {
        if let open = sharing.withLock({ $0.open }), db.isInsideTransaction { return open }
        try db.execute(sql: "BEGIN IMMEDIATE")
        let group = CommitGroup()
        sharing.withLock { $0.open = group }
        return group
    }

    /// Commits when no other writer waits for the connection, or the group is full.
    private func closeGroupIfLast(_ db: Database, _ group: CommitGroup) {
        let commitNow = sharing.withLock { s in s.queued == 0 || group.members >= s.limit }
        if commitNow { commitGroup(db, group) }
    }

    private func commitGroup(_ db: Database, _ group: CommitGroup) {
        do {
            try db.execute(sql: "COMMIT")
            endGroup(group, failure: nil)
        } catch {
            if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
            endGroup(group, failure: StorageErrors.map(error, path: path, busyTimeout: busyTimeout))
        }
    }

    private func endGroup(_ group: CommitGroup, failure: (any Error)?) {
        sharing.withLock { s in
            if s.open === group { s.open = nil }
            s.writes += group.members
            if failure == nil { s.commits += 1 }
        }
        // The key cache may hold keys of writes that are now gone.
        if failure != nil { keys.withLock { $0 = (KeyDirectory(), -1) } }
        group.finish(failure)
    }
}

/// What a handle with shared commits keeps: whether they are on, the writers waiting for the
/// connection, and the group whose transaction is open.
struct SharedCommits: Sendable {
    var enabled = false
    var limit = 64
    var queued = 0
    var open: CommitGroup?
    var writes = 0
    var commits = 0
}

/// The writes that share one transaction; each waits for its end.
final class CommitGroup: Sendable {
    private struct State {
        var members = 0
        var ended = false
        var failure: (any Error)?
        var waiters: [DispatchSemaphore] = []
    }

    private let state = Mutex(State())

    /// How many writes finished in this group.
    var members: Int { state.withLock { $0.members } }

    func join() { state.withLock { $0.members += 1 } }

    /// Ends the group: its writes are committed (`failure` nil) or lost.
    func finish(_ failure: (any Error)?) {
        let waiters = state.withLock { s in
            s.ended = true
            s.failure = failure
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.signal() }
    }

    /// Returns once the group is committed; throws when the commit failed.
    func waitForCommit() throws {
        let semaphore = DispatchSemaphore(value: 0)
        let ended: (any Error)?? = state.withLock { s in
            if s.ended { return .some(s.failure) }
            s.waiters.append(semaphore)
            return .none
        }
        if case .some(let failure) = ended {
            if let failure { throw failure }
            return
        }
        semaphore.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
