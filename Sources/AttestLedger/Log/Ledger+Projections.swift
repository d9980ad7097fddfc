import Foundation
import GRDB

extension Ledger {
    /// How many entries a replay reads at a time.
    static let replayBatch = 10_000

    /// Drops every projection's rows and replays the whole log into them, in one transaction.
    /// - Parameter progress: called after each batch with (entries replayed, total).
    /// - Returns: the number of entries replayed.
    @discardableResult
    public func rebuildProjections(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        try write { writer in
            for projector in projectors { try projector.reset(writer.db) }
            do {
                return try Self.replay(from: writer.db, into: writer.db, projectors: projectors, progress: progress)
            } catch let failure as ProjectionFailure {
                throw LedgerError(.verificationFailed, "\(failure); nothing was rebuilt, run 'attest verify'")
            }
        }
    }

    /// Replays the log into fresh in-memory projections and compares them, table by table and
    /// row by row, with the stored ones.
    /// - Returns: one problem per table that differs, naming the first differing row.
    public func projectionMismatches() throws -> [VerificationProblem] {
        guard !projectors.isEmpty else { return [] }
        let scratch = try DatabaseQueue()
        try scratch.write { db in for projector in projectors { try projector.install(db) } }
        return try read { source in
            do {
                try scratch.write { target in
                    _ = try Self.replay(from: source, into: target, projectors: projectors, progress: nil)
                }
            } catch let failure as ProjectionFailure {
                return [VerificationProblem(.malformedEntry, at: failure.sequence, failure.message)]
            }
            var problems: [VerificationProblem] = []
            for projector in projectors {
                for table in projector.tables {
                    let sql = "SELECT * FROM \(table.name) ORDER BY \(table.orderBy)"
                    let stored = try Row.fetchAll(source, sql: sql)
                    let replayed = try scratch.read { try Row.fetchAll($0, sql: sql) }
                    if stored != replayed {
                        let index =
                            zip(stored, replayed).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                            ?? min(stored.count, replayed.count)
                        let detail = index < stored.count ? "stored row \(stored[index])" : "row missing"
                        let expected = index < replayed.count ? "replay gives \(replayed[index])" : "replay has no such row"
                        problems.append(
                            VerificationProblem(
                                .projectionMismatch, at: nil,
                                "table \(table.name) differs from a replay of the log at row \(index + 1): \(detail); \(expected). Run 'attest rebuild'"
                            ))
                    }
                }
            }
            return problems
        }
    }

    /// Replays the whole log into freshly installed projections (used when a projection is added
    /// to an existing ledger). Projections that already hold rows are reset first.
    static func replayInto(_ db: Database, projectors: [any LedgerProjector]) throws {
        for projector in projectors { try projector.reset(db) }
        _ = try replay(from: db, into: db, projectors: projectors, progress: nil)
    }

    private static func replay(
        from source: Database, into target: Database, projectors: [any LedgerProjector], progress: ((UInt64, UInt64) -> Void)?
    ) throws -> UInt64 {
        let total = UInt64(try Int64.fetchOne(source, sql: "SELECT COUNT(*) FROM entries") ?? 0)
        var after: Int64 = -1
        var done: UInt64 = 0
        while true {
            let rows = try Row.fetchAll(
                source, sql: "SELECT \(LedgerSchema.entryColumns) FROM entries WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [after, replayBatch])
            guard let last = rows.last else { break }
            for row in rows {
                let entry = try LedgerSchema.entry(from: row)
                do {
                    for projector in projectors { try projector.apply(entry, target) }
                } catch {
                    throw ProjectionFailure(
                        sequence: entry.sequence,
                        message: "the projections cannot apply this \(entry.type) entry (\(error)): its payload does not match its type")
                }
            }
            after = last["seq"]
            done += UInt64(rows.count)
            progress?(done, total)
        }
        return done
    }
}

/// An entry that a projection cannot apply: signed, but not a valid instance of its type.
struct ProjectionFailure: Error, CustomStringConvertible {
    let sequence: UInt64
    let message: String
    var description: String { "entry \(sequence): \(message)" }
}
