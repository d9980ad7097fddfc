import Foundation
import GRDB

/// Everything `attest verify` checks about a ledger's database besides the log itself, in one
/// replay of the log:
///
/// 1. the schema: every table, index, trigger and view equals one the code creates, byte for
///    byte (``SchemaCheck``), and SQLite's `PRAGMA integrity_check` passes (every index holds
///    exactly its table's rows);
/// 2. the projections: the log is replayed once into an in-memory copy of the projection
///    tables, and each stored table is compared with it exactly (``ProjectionComparison``);
/// 3. whatever the domain checks entry by entry against the state before each entry (the
///    registry's authority check), through `inspect`, on the same replay.
///
/// The scratch database attaches the ledger file read-only as `log`, so the replay, the
/// inspector's reads of `entries` and the comparison all see one snapshot of the file, in one
/// connection, and the ledger's own handle stays free for the log verifier running alongside.
public struct ProjectionCheck: Sendable {
    /// Called before each entry is applied, with the scratch database holding the projections as
    /// they stood before it (its `entries` is the ledger's); returns a problem to report, if any.
    public typealias Inspector = (Entry, Database) throws -> VerificationProblem?

    /// The ledger checked.
    public let ledger: Ledger

    /// A check of `ledger`.
    public init(ledger: Ledger) { self.ledger = ledger }

    /// Runs every check.
    /// - Parameters:
    ///   - inspect: a per-entry check run on the same replay (see ``Inspector``).
    ///   - progress: called after each batch with (entries replayed, total).
    /// - Returns: the problems found: schema first, then the inspector's in log order, then one
    ///   per projection table that differs.
    /// - Throws: `LedgerError` for a storage failure.
    public func run(inspect: Inspector? = nil, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [VerificationProblem] {
        let expected = try SchemaCheck.expected(projectors: ledger.projectors)
        let scratch = try DatabaseQueue()
        do {
            return try scratch.writeWithoutTransaction { db in
                for projector in ledger.projectors { try projector.install(db) }
                try db.execute(sql: "ATTACH DATABASE ? AS log", arguments: [Self.readOnlyURI(ledger.path)])
                defer { try? db.execute(sql: "DETACH DATABASE log") }
                var problems: [VerificationProblem] = []
                try db.inTransaction(.deferred) {
                    problems = try check(db, expected: expected, inspect: inspect, progress: progress)
                    return .commit
                }
                return problems
            }
        } catch {
            throw StorageErrors.map(error, path: ledger.path, busyTimeout: ledger.busyTimeout)
        }
    }

    private func check(
        _ db: Database, expected: [SchemaCheck.Object], inspect: Inspector?, progress: ((UInt64, UInt64) -> Void)?
    ) throws -> [VerificationProblem] {
        var problems = try SchemaCheck.problems(db, schema: "log", expected: expected)
        problems += try SchemaCheck.integrityProblems(db, schema: "log")
        let replay = try ProjectionReplay.run(
            from: db, source: "log.entries", into: db, projectors: ledger.projectors, inspect: inspect, progress: progress)
        problems += replay.problems
        if let failure = replay.failure {
            // The projections stop at an entry they cannot apply: comparing them means nothing.
            problems.append(VerificationProblem(.malformedEntry, at: failure.sequence, failure.message))
            return problems
        }
        for projector in ledger.projectors {
            for table in projector.tables {
                if let problem = try ProjectionComparison(table: table.name, scratch: db).problem(db) { problems.append(problem) }
            }
        }
        return problems
    }

    /// A `file:` URI that opens `path` read-only (SQLite URI filenames, sqlite.org/uri.html).
    static func readOnlyURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var encoded = ""
        for byte in absolute.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (character.isLetter || character.isNumber || "/-._~".contains(character)) {
                encoded.append(character)
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "file:\(encoded)?mode=ro"
    }
}
