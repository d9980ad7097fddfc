import AttestLedger
import Dispatch
import Foundation
import GRDB

/// Checks the projection rows a command is about to use against the signed entries they came
/// from, before the command prints, reports or decides on them.
///
/// Projection tables are caches that anyone who can write the file can edit. So a command
/// never uses a row on trust:
///
/// 1. the schema must be exactly the one the code creates (no planted trigger, index or view);
/// 2. every row cites the entries that made it (`seq` and `*_seq` columns); each cited entry is
///    read from the log, its signature checked with the key valid at that entry, and the entries
///    are re-applied by the real projectors to an empty in-memory database, together with every
///    entry of the few "state" types whose effect a row does not cite (keys, actors, roles,
///    policy publications, deprecations and retirements, found by type);
/// 3. the selected rows must equal the rows that re-projection gives, value by value and byte
///    for byte (``ProjectionCheck`` compares the same way).
///
/// An edited row (a stage rewritten to production), a planted row (an approval citing a
/// non-approval entry, or nothing), a row rewritten in another Unicode form, a deleted row that
/// a cited entry also made (a dataset of a cited registration, a grant of a cited `actor.added`)
/// and a deleted policy set or grant all fail here. A row deleted with nothing left that cites
/// its entry (a whole review row) is found by `attest verify`, which replays the whole log.
public struct ProjectionGuard {
    /// The rows a command reads from one table: `SELECT * FROM table WHERE filter`.
    public struct Selection {
        /// The projection table.
        public var table: String
        /// The SQL condition after `WHERE` (the same as the command's own query, so that the
        /// same indexes are used).
        public var filter: String
        /// The condition's arguments.
        public var arguments: StatementArguments

        /// A selection.
        public init(_ table: String, where filter: String = "1", _ arguments: StatementArguments = StatementArguments()) {
            self.table = table
            self.filter = filter
            self.arguments = arguments
        }
    }

    /// Entry types whose effect on a row is not cited by the row (a retirement changes a
    /// version's status), or whose rows a command needs complete (every policy set, every
    /// grant): few, and always re-applied.
    static let stateTypes = [
        LedgerEntryType.genesis, LedgerEntryType.keyAdded, LedgerEntryType.keyRotated, LedgerEntryType.keyRevoked,
        EventType.registryInitialized, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
        EventType.actorDeactivated, EventType.policyPublished, EventType.versionDeprecated, EventType.versionRetired,
        EventType.approvalWithdrawn,
    ]

    /// Entry types about a model whose rows a command needs complete (stage, aliases,
    /// deployments, reviews, evidence, evaluations, monitoring, decisions): every entry of these
    /// types that names the model checked is re-applied, so that a row rolled back to an older
    /// entry, or deleted, is caught too.
    static let modelStateTypes = [
        EventType.stageChanged, EventType.aliasSet, EventType.aliasRemoved, EventType.deployed, EventType.approvalGranted,
        EventType.approvalRejected, EventType.evidenceAttached, EventType.evaluationRecorded, EventType.monitoringRecorded,
        EventType.promotionDecided,
    ]

    /// The model state types whose entries concern one version (their payload names it): a check
    /// of one version re-applies only that version's entries of these types, so its cost does not
    /// grow with the model's other versions. The rows they make are the version's own (reviews,
    /// evaluations, monitoring, evidence, decisions); what one version's entries do to the
    /// model's other rows (stage changes that archive, aliases, deployments) comes from types
    /// re-applied for every version.
    static let versionStateTypes: Set<String> = [
        EventType.approvalGranted, EventType.approvalRejected, EventType.evidenceAttached, EventType.evaluationRecorded,
        EventType.monitoringRecorded, EventType.promotionDecided,
    ]

    /// The ledger whose projections are checked.
    let ledger: Ledger
    /// A transaction on it.
    let db: Database

    /// A guard for reads made through `db` (a read or write transaction on `ledger`).
    public init(ledger: Ledger, db: Database) {
        self.ledger = ledger
        self.db = db
    }

    /// Checks the selected rows.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`, exit 3) naming the table, the entry and
    ///   both versions of the first row that disagrees, or the schema object that is not
    ///   Attest's; `.storage` when the ledger cannot be read.
    public func check(_ selections: [Selection], models: [String] = []) throws {
        try check(selections, models: models, modelTypes: Self.modelStateTypes)
    }

    /// Checks the selected rows, re-applying the entries of `modelTypes` that name one of `models`
    /// (and, for the ``versionStateTypes``, `version`, when one is given).
    func check(_ selections: [Selection], models: [String], modelTypes: [String], version: Int? = nil) throws {
        if let problem = try ledger.schemaProblems(db).first {
            throw LedgerError(
                .inconsistentDatabase, "\(ledger.path): \(problem.detail). Nothing was read from it; run 'attest verify'")
        }
        // The rows' fields only: `attest verify` checks that each payload decodes whole.
        let projectors = Registry.projectors.map { $0 is EvaluationProjector ? EvaluationProjector(decodesWhole: false) : $0 }
        let scratch = try DatabaseQueue()
        try scratch.write { target in for projector in projectors { try projector.install(target) } }
        var stored: [[ExactRow]] = []
        var cited = Set<UInt64>()
        for selection in selections {
            let shape = try scratch.read { try Self.columns(selection.table, $0) }
            let rows = try ExactRow.fetch(selection, columns: shape, db)
            for row in rows { cited.formUnion(row.entries) }
            stored.append(rows)
        }
        let entries = try sourceEntries(cited: cited, models: models, modelTypes: modelTypes, version: version)
        try verifySignatures(entries)
        try scratch.write { target in
            for entry in entries {
                do {
                    for projector in projectors { try projector.apply(entry, target) }
                } catch {
                    throw LedgerError(
                        .inconsistentDatabase,
                        "\(ledger.path): entry \(entry.sequence) (\(entry.type)), cited by a projection row, cannot be applied: \(error); run 'attest verify'"
                    )
                }
            }
        }
        for (index, selection) in selections.enumerated() {
            let shape = try scratch.read { try Self.columns(selection.table, $0) }
            let expected = try scratch.read { try ExactRow.fetch(selection, columns: shape, $0) }
            try compare(selection.table, stored: stored[index], expected: expected)
        }
    }

    /// The cited entries, every entry of a state type, and every entry of a model state type
    /// that names one of `models` (and `version`, for a version state type), in log order.
    private func sourceEntries(cited: Set<UInt64>, models: [String], modelTypes: [String], version: Int?) throws -> [Entry] {
        var bySeq: [UInt64: Entry] = [:]
        let columns = "seq, time_us, prev_hash, signer, type, payload, signature"
        var state = try Row.fetchAll(
            db,
            sql: "SELECT \(columns) FROM entries WHERE type IN (\(Self.stateTypes.map { _ in "?" }.joined(separator: ",")))",
            arguments: StatementArguments(Self.stateTypes))
        let perVersion = version == nil ? [] : modelTypes.filter(Self.versionStateTypes.contains)
        // A payload is JSON text stored as bytes: read as text, so that SQLite never takes it for JSONB.
        let sameVersion =
            perVersion.isEmpty
            ? ""
            : " AND (type NOT IN (\(perVersion.map { _ in "?" }.joined(separator: ","))) OR (json_valid(CAST(payload AS TEXT)) AND json_extract(CAST(payload AS TEXT), '$.version') = ?))"
        for model in models {
            var arguments: [any DatabaseValueConvertible] = modelTypes + [model]
            if let version, !perVersion.isEmpty { arguments += perVersion + [version] }
            state += try Row.fetchAll(
                db,
                sql:
                    "SELECT \(columns) FROM entries WHERE type IN (\(modelTypes.map { _ in "?" }.joined(separator: ","))) AND instr(CAST(payload AS BLOB), CAST(? AS BLOB)) > 0"
                    + sameVersion,
                arguments: StatementArguments(arguments))
        }
        for row in state {
            let entry = try Self.entry(row)
            bySeq[entry.sequence] = entry
        }
        let one = try db.cachedStatement(
            sql: "SELECT seq, time_us, prev_hash, signer, type, payload, signature FROM entries WHERE seq = ?")
        for seq in cited where bySeq[seq] == nil {
            guard let row = try Row.fetchOne(one, arguments: [Int64(clamping: seq)]) else {
                throw LedgerError(
                    .inconsistentDatabase,
                    "\(ledger.path): a projection row cites entry \(seq), which is not in the log; the database was changed outside Attest, run 'attest verify'"
                )
            }
            bySeq[seq] = try Self.entry(row)
        }
        return bySeq.keys.sorted().map { bySeq[$0]! }
    }

    /// Every entry's signature, with the key valid at that entry (keys from the log's own key
    /// entries), checked on all cores.
    private func verifySignatures(_ entries: [Entry]) throws {
        var keys = KeyDirectory()
        for entry in entries where LedgerEntryType.isReserved(entry.type) { try? keys.apply(entry) }
        let directory = keys
        let count = entries.count
        let valid = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
        valid.initialize(repeating: false)
        defer { valid.deallocate() }
        let box = UncheckedBuffer(valid)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 32 + 1))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
                let entry = entries[index]
                let key = directory.validKey(entry.signer, at: entry.sequence)?.key.publicKey
                box.buffer[index] = key?.isValidSignature(entry.signature, for: entry.body) ?? false
            }
        }
        if let bad = entries.indices.first(where: { !valid[$0] }) {
            throw LedgerError(
                .inconsistentDatabase,
                "\(ledger.path): entry \(entries[bad].sequence) (\(entries[bad].type)), which a projection row rests on, is not validly signed by a key valid at that entry; the log was changed, run 'attest verify'"
            )
        }
    }

    private func compare(_ table: String, stored: [ExactRow], expected: [ExactRow]) throws {
        let storedSorted = stored.sorted()
        let expectedSorted = expected.sorted()
        guard storedSorted != expectedSorted else { return }
        var remaining = expectedSorted
        var extra: [ExactRow] = []
        for row in storedSorted {
            if let index = remaining.firstIndex(of: row) { remaining.remove(at: index) } else { extra.append(row) }
        }
        if let row = extra.first {
            let entry = row.entries.min()
            let replacement = remaining.first { !$0.entries.isDisjoint(with: row.entries) }
            throw LedgerError(
                .inconsistentDatabase,
                "\(ledger.path): projection table \(table) disagrees with the signed log\(entry.map { " at entry \($0)" } ?? ""): stored row (\(row.text))"
                    + (replacement.map { " but the signed entries give (\($0.text))" } ?? " is not what any entry gives")
                    + ". The table was changed outside Attest; nothing was used. Run 'attest verify', then 'attest rebuild'")
        }
        if let row = remaining.first {
            throw LedgerError(
                .inconsistentDatabase,
                "\(ledger.path): projection table \(table) disagrees with the signed log\(row.entries.min().map { " at entry \($0)" } ?? ""): the row (\(row.text)) that the signed entries give is missing. The table was changed outside Attest; nothing was used. Run 'attest verify', then 'attest rebuild'"
            )
        }
    }

    static func columns(_ table: String, _ db: Database) throws -> [String] {
        let names = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\"\(table)\")").map { $0["name"] as String }
        guard !names.isEmpty else { throw LedgerError(.badInput, "'\(table)' is not a projection table") }
        return names
    }

    static func entry(_ row: Row) throws -> Entry {
        func bytes(_ column: String) -> [UInt8] {
            switch (row[column] as DatabaseValue).storage {
            case .blob(let data): [UInt8](data)
            case .string(let text): Array(text.utf8)
            default: []
            }
        }
        guard let seq = row["seq"] as Int64?, let time = row["time_us"] as Int64?, let type = row["type"] as String?,
            let previous = Digest(bytes("prev_hash")), let signer = Digest(bytes("signer"))
        else { throw LedgerError(.inconsistentDatabase, "an entry row cannot be read; run 'attest verify'") }
        return Entry(
            sequence: UInt64(seq), timeMicros: time, previousHash: previous, signer: signer, type: type, payload: bytes("payload"),
            signature: bytes("signature"))
    }
}

/// A projection row as exact (type, bytes) values, with the entries it cites.
struct ExactRow: Hashable, Comparable {
    /// Each value as its SQLite type's name, a zero byte, then its bytes.
    let values: [Data]
    let entries: Set<UInt64>
    /// The column names, for ``text``.
    let columns: [String]

    static func < (lhs: ExactRow, rhs: ExactRow) -> Bool {
        lhs.values.lexicographicallyPrecedes(rhs.values) { $0.lexicographicallyPrecedes($1) }
    }
    static func == (lhs: ExactRow, rhs: ExactRow) -> Bool { lhs.values == rhs.values }
    func hash(into hasher: inout Hasher) { hasher.combine(values) }

    /// The row as a message shows it, `column=value, ...`: made only when a row disagrees (a
    /// decision fetches thousands of rows, and printing each one was a fifth of its time).
    var text: String {
        zip(columns, values).map { column, value in
            let split = value.firstIndex(of: 0) ?? value.endIndex
            let type = String(decoding: value[..<split], as: UTF8.self)
            let bytes = split < value.endIndex ? value[(split + 1)...] : value[value.endIndex...]
            let shown: String
            switch type {
            case "null": shown = "NULL"
            case "real":
                shown = "\(Double(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))"
            case "text": shown = "\"\(Self.printable(String(decoding: bytes, as: UTF8.self)))\""
            case "integer": shown = String(decoding: bytes, as: UTF8.self)
            default: shown = "x'" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "'"
            }
            return "\(column)=\(shown)"
        }.joined(separator: ", ")
    }

    /// The selected rows, each value read as `typeof(x)` and its exact bytes (reals by bit
    /// pattern: their text form rounds).
    static func fetch(_ selection: ProjectionGuard.Selection, columns: [String], _ db: Database) throws -> [ExactRow] {
        let exact = columns.map { "typeof(\"\($0)\"), CASE typeof(\"\($0)\") WHEN 'real' THEN \"\($0)\" ELSE CAST(\"\($0)\" AS BLOB) END" }
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(exact.joined(separator: ", ")) FROM main.\"\(selection.table)\" WHERE \(selection.filter)",
            arguments: selection.arguments)
        let cited = columns.map { $0 == "seq" || $0.hasSuffix("_seq") }
        return rows.map { row in
            var values: [Data] = []
            values.reserveCapacity(columns.count)
            var entries = Set<UInt64>()
            for index in columns.indices {
                let type: String = row[index * 2]
                let value = row[index * 2 + 1] as DatabaseValue
                var bytes = Data(type.utf8) + [0]
                switch value.storage {
                case .double(let number):
                    withUnsafeBytes(of: number.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
                case .blob(let data):
                    bytes.append(data)
                    if cited[index], type == "integer", let seq = UInt64(String(decoding: data, as: UTF8.self)) { entries.insert(seq) }
                default:
                    break
                }
                values.append(bytes)
            }
            return ExactRow(values: values, entries: entries, columns: columns)
        }
    }

    /// Text with non-ASCII and control scalars escaped, so that an NFD rewrite is visible.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out
    }
}

/// Carries a buffer into `concurrentPerform`, where each iteration writes a disjoint slice.
/// `@unchecked Sendable`: the iterations write disjoint indices and the buffer is read after.
private struct UncheckedBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Bool>
    init(_ buffer: UnsafeMutableBufferPointer<Bool>) { self.buffer = buffer }
}
