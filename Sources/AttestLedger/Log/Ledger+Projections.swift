import Foundation
import GRDB

extension Ledger {
    /// Recreates every projection table from its definition and replays the whole log into
    /// them, in one transaction. Dropping the tables also drops whatever was planted on them
    /// (a trigger, an index): the rebuilt tables are exactly the ones the code creates. The
    /// secondary indexes are created after the rows are in, which is faster than maintaining
    /// them row by row.
    /// - Parameter progress: called after each batch with (entries replayed, total).
    /// - Returns: the number of entries replayed.
    /// - Throws: `LedgerError` (`.verificationFailed`) when an entry cannot be applied (nothing is
    ///   rebuilt then), or for a storage failure.
    @discardableResult
    public func rebuildProjections(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        try write { writer in
            let db = writer.db
            let tables = projectors.flatMap { $0.tables.map(\.name) }
            for table in tables { try db.execute(sql: "DROP TABLE IF EXISTS \(ProjectionComparison.quote(table))") }
            for projector in projectors { try projector.install(db) }
            let indexes = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                    AND tbl_name IN (\(tables.map { _ in "?" }.joined(separator: ","))) ORDER BY name
                    """, arguments: StatementArguments(tables)
            ).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
            for index in indexes { try db.execute(sql: "DROP INDEX \(ProjectionComparison.quote(index.name))") }
            let outcome = try ProjectionReplay.run(
                from: db, source: "main.entries", into: db, projectors: projectors, progress: progress)
            if let failure = outcome.failure {
                throw LedgerError(.verificationFailed, "\(failure); nothing was rebuilt, run 'attest verify'")
            }
            for index in indexes { try db.execute(sql: index.sql) }
            return outcome.applied
        }
    }

    /// Checks the schema and the projections with one replay of the log (see ``ProjectionCheck``).
    /// - Returns: one problem per schema object or projection table that differs, naming it.
    /// - Throws: `LedgerError` for a storage failure.
    public func projectionMismatches() throws -> [VerificationProblem] {
        try ProjectionCheck(ledger: self).run()
    }

    /// Replays the whole log into freshly installed projections (used when a projection is added
    /// to an existing ledger). Projections that already hold rows are reset first.
    static func replayInto(_ db: Database, projectors: [any LedgerProjector]) throws {
        for projector in projectors { try projector.reset(db) }
        let outcome = try ProjectionReplay.run(from: db, source: "main.entries", into: db, projectors: projectors)
        if let failure = outcome.failure { throw failure }
    }
}
