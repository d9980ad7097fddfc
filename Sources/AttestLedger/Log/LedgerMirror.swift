import Foundation

/// A store that holds the system-of-record copy of a ledger while the SQLite file is a working
/// copy with the projections (`attest serve --store postgres://`, docs/postgres.md section 7).
///
/// Attached to a `Ledger` (``Ledger/attach(mirror:)``), it takes part in every write
/// transaction: ``begin(localSize:localCheckpointSize:)`` before the body runs (it takes the
/// store's append lock and hands back what other writers added, which the file takes first), and
/// ``commit(_:)`` before the file commits, with what the body added. The file commits only after
/// the store has committed; when the store fails, the file rolls back. Calls block the calling
/// thread: write on a thread of your own, never on Swift's cooperative pool.
public protocol LedgerMirror: Sendable {
    /// Starts the store's side of a write: takes its append lock (held until ``commit(_:)`` or
    /// ``rollback()``) and returns what it holds beyond the file.
    /// - Parameters:
    ///   - localSize: the file's number of entries.
    ///   - localCheckpointSize: the largest checkpoint size stored in the file (0 when none).
    /// - Returns: the entries from `localSize` on and the checkpoints larger than `localCheckpointSize`.
    /// - Throws: `LedgerError` (`.storage` when unreachable; `.verificationFailed` when the store
    ///   holds fewer entries than the file: the file is not a copy of it).
    func begin(localSize: UInt64, localCheckpointSize: UInt64) throws -> LedgerChanges
    /// Stores what the write added, checking that the entries follow the store's head, and commits.
    /// - Throws: `LedgerError`; the store then holds nothing of `changes` (when the commit's
    ///   answer is lost, the store may hold them; the next ``begin(localSize:localCheckpointSize:)`` returns them).
    func commit(_ changes: LedgerChanges) throws
    /// Abandons the store's side of the write and releases its lock.
    func rollback()
}

/// What one write added to a ledger (or what a mirror holds beyond the file).
public struct LedgerChanges: Sendable {
    /// New entries, in order.
    public var entries: [Entry]
    /// New signed checkpoints (size, signed note).
    public var checkpoints: [(size: UInt64, note: String)]
    /// New witness cosignature lines (checkpoint size, witness key name, the line).
    public var cosignatures: [(size: UInt64, witness: String, line: String)]

    /// Nothing changed.
    public init(
        entries: [Entry] = [], checkpoints: [(size: UInt64, note: String)] = [],
        cosignatures: [(size: UInt64, witness: String, line: String)] = []
    ) {
        self.entries = entries
        self.checkpoints = checkpoints
        self.cosignatures = cosignatures
    }

    /// Whether nothing changed.
    public var isEmpty: Bool { entries.isEmpty && checkpoints.isEmpty && cosignatures.isEmpty }
}
