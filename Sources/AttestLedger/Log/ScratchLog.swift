import Foundation
import GRDB

/// An in-memory database holding a subset of a log's entries (for example those of an evidence
/// bundle) with the projections replayed over them, so that code written against a ledger's
/// tables (decision replay) runs offline. The entries must already be verified; nothing here
/// checks signatures, and sequence numbers may have gaps.
public struct ScratchLog: Sendable {
    /// The database: `entries` plus every projection's tables.
    public let database: DatabaseQueue

    private let projectors: [any LedgerProjector]

    /// An empty scratch log with the projections' tables; entries are added with `add`.
    /// - Parameter projectors: the projections to maintain.
    public init(projectors: [any LedgerProjector]) throws {
        self.projectors = projectors
        database = try DatabaseQueue()
        try database.write { db in
            try LedgerSchema.install(db)
            for projector in projectors { try projector.install(db) }
        }
    }

    /// Builds the scratch database from entries.
    /// - Parameters:
    ///   - entries: verified entries, in log order.
    ///   - projectors: the projections to maintain.
    /// - Throws: what a projector throws for an entry it cannot apply.
    public init(entries: [Entry], projectors: [any LedgerProjector]) throws {
        try self.init(projectors: projectors)
        for entry in entries.sorted(by: { $0.sequence < $1.sequence }) { try add(entry) }
    }

    /// Stores one more entry (after those already added) and applies the projections to it.
    /// - Throws: what a projector throws for an entry it cannot apply.
    public func add(_ entry: Entry) throws {
        try database.write { db in try add(entry, in: db) }
    }

    /// Runs `body` in one transaction on the scratch database, for bulk `add(_:in:)`.
    public func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    /// Stores one entry and applies the projections to it, inside `transaction`.
    /// - Throws: what a projector throws for an entry it cannot apply.
    public func add(_ entry: Entry, in db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO entries (\(LedgerSchema.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try insert.execute(arguments: [
            Int64(entry.sequence), entry.timeMicros, Data(entry.previousHash.bytes), Data(entry.signer.bytes), entry.type,
            Data(entry.payload), Data(entry.signature),
        ])
        for projector in projectors { try projector.apply(entry, db) }
    }
}
