import GRDB

/// A table (or tables) derived from the log, maintained in the same transaction as each append
/// and rebuildable by replaying the log. The domain layer registers its projections here.
public protocol LedgerProjector: Sendable {
    /// Creates the projection's tables if they do not exist.
    func install(_ db: Database) throws
    /// Drops the projection's rows so that a replay can rebuild them.
    func reset(_ db: Database) throws
    /// Applies one entry.
    func apply(_ entry: Entry, _ db: Database) throws
    /// The projection's tables, each with an ORDER BY clause that sorts its rows completely, so
    /// that `verify` can compare them with a replay.
    var tables: [(name: String, orderBy: String)] { get }

    /// The part of applying `entry` that needs no database (decoding its payload), which a
    /// replay does ahead, on another thread, while earlier entries are applied. Must not touch
    /// any database. The default prepares nothing.
    func prepare(_ entry: Entry) -> (any Sendable)?
    /// Applies one entry with what ``prepare(_:)`` made of it, exactly as ``apply(_:_:)`` would
    /// (same rows, same errors). The default ignores `prepared`.
    func apply(_ entry: Entry, prepared: (any Sendable)?, _ db: Database) throws
}

extension LedgerProjector {
    /// Prepares nothing.
    public func prepare(_ entry: Entry) -> (any Sendable)? { nil }

    /// Applies the entry as ``apply(_:_:)`` does.
    public func apply(_ entry: Entry, prepared: (any Sendable)?, _ db: Database) throws { try apply(entry, db) }
}
