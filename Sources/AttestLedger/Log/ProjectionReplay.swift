import Foundation
import GRDB

/// Replays log entries, in order, into projection tables: the loop behind `attest rebuild`, the
/// projection check of `attest verify`, and the installation of a projection on an old ledger.
enum ProjectionReplay {
    /// How many entries are read at a time.
    static let batch = 10_000

    /// What a replay did.
    struct Outcome {
        /// Entries applied.
        var applied: UInt64 = 0
        /// What the inspector reported.
        var problems: [VerificationProblem] = []
        /// The entry the projections could not apply, which stopped the replay.
        var failure: ProjectionFailure?
    }

    /// Replays every entry of `source` (a table name, `entries` or `log.entries`) read through
    /// `from` into the projections in `into`.
    /// - Parameters:
    ///   - inspect: called before each entry with the state it left (see ``ProjectionCheck``).
    ///   - progress: called after each batch with (entries replayed, total).
    /// - Returns: the outcome; a projection failure stops the replay and is returned, not thrown.
    static func run(
        from: Database, source: String, into target: Database, projectors: [any LedgerProjector],
        inspect: ProjectionCheck.Inspector? = nil, progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws -> Outcome {
        let total = UInt64(try Int64.fetchOne(from, sql: "SELECT COUNT(*) FROM \(source)") ?? 0)
        var outcome = Outcome()
        let read = try from.makeStatement(
            sql: "SELECT \(LedgerSchema.entryColumns) FROM \(source) WHERE seq > ? ORDER BY seq LIMIT \(batch)")
        func fetch(after seq: Int64) throws -> [Entry] {
            var entries: [Entry] = []
            entries.reserveCapacity(batch)
            let rows = try Row.fetchCursor(read, arguments: [seq])  // read in place, not copied
            while let row = try rows.next() { entries.append(try LedgerSchema.entry(from: row)) }
            return entries
        }
        // Each batch is prepared (payloads decoded) on another thread while the one before it
        // is applied here; the next batch is read before this one is applied.
        var preparing = ReplayPreparation(try fetch(after: -1), projectors: projectors)
        while let last = preparing.entries.last {
            let entries = preparing.entries
            let prepared = preparing.wait()
            preparing = ReplayPreparation(try fetch(after: Int64(last.sequence)), projectors: projectors)
            for (index, entry) in entries.enumerated() {
                if let inspect, let problem = try inspect(entry, target) { outcome.problems.append(problem) }
                do {
                    for (position, projector) in projectors.enumerated() {
                        try projector.apply(entry, prepared: prepared[index][position], target)
                    }
                } catch {
                    _ = preparing.wait()
                    outcome.failure = ProjectionFailure(
                        sequence: entry.sequence,
                        message: "the projections cannot apply this \(entry.type) entry (\(error)): its payload does not match its type")
                    return outcome
                }
            }
            outcome.applied += UInt64(entries.count)
            progress?(outcome.applied, total)
        }
        return outcome
    }
}

/// An entry that a projection cannot apply: signed, but not a valid instance of its type.
struct ProjectionFailure: Error, CustomStringConvertible {
    let sequence: UInt64
    let message: String
    var description: String { "entry \(sequence): \(message)" }
}
