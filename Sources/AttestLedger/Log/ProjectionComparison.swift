import Foundation
import GRDB

/// Compares a projection table of the ledger (attached as `log`) with the same table replayed
/// into the scratch database (`main`), exactly: the multiset of rows must be equal, each value
/// of the same SQLite type and, for text and blobs, the same bytes.
///
/// Exactness matters. Swift's `String ==` treats canonically equivalent text as equal (an NFD
/// "zoe\u{308}" equals NFC "zo\u{eb}"), and SQLite's comparison of an integer with a real treats
/// `1` and `1.0` as equal; either would let an edit that changes what a query matches (a name
/// rewritten in NFD no longer equals the actor's name) pass as "the same". So every value is
/// compared as `typeof(x)` and `CAST(x AS BLOB)` (reals as themselves: their text form rounds).
struct ProjectionComparison {
    let table: String
    let columns: [String]
    /// Whether the table's definition makes every row unique (a primary key or unique index),
    /// so that set difference is multiset difference.
    let unique: Bool

    /// Reads the table's shape from the scratch (expected) schema, never from the ledger's.
    init(table: String, scratch db: Database) throws {
        self.table = table
        let info = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(Self.quote(table)))")
        columns = info.map { $0["name"] as String }
        let hasKey = info.contains { ($0["pk"] as Int64) > 0 }
        let uniqueIndex = try Row.fetchAll(db, sql: "PRAGMA main.index_list(\(Self.quote(table)))").contains {
            ($0["unique"] as Int64) == 1
        }
        unique = hasKey || uniqueIndex
    }

    /// The rows that differ: up to `limit` stored rows the replay does not give, and up to
    /// `limit` replayed rows the table does not hold.
    func differences(_ db: Database, limit: Int = 3) throws -> (stored: [Row], replayed: [Row]) {
        let stored = try Row.fetchAll(db, sql: "\(select("log")) EXCEPT \(select("main")) LIMIT \(limit)")
        let replayed = try Row.fetchAll(db, sql: "\(select("main")) EXCEPT \(select("log")) LIMIT \(limit)")
        return (stored, replayed)
    }

    /// The problem to report, naming the table, the entries the first differing row cites and
    /// both versions of it; `nil` when the table equals the replay.
    func problem(_ db: Database) throws -> VerificationProblem? {
        if matchesAtSameRowids(db) { return nil }
        let (stored, replayed) = try differences(db)
        guard !stored.isEmpty || !replayed.isEmpty else { return nil }
        let first = stored.first ?? replayed.first!
        let entries = entryColumns(first)
        var detail = "table \(table) differs from a replay of the log"
        if let entry = entries.first { detail += " at the row of entry \(entry)" }
        detail += ": "
        if let row = stored.first {
            detail += "stored row (\(render(row)))"
            if let match = replayed.first(where: { sameKey($0, row) }) {
                detail += " but the signed entries give (\(render(match)))"
            } else {
                detail += " is not what any entry gives"
            }
        } else if let row = replayed.first {
            detail += "the row (\(render(row))) that the signed entries give is missing"
        }
        if stored.count + replayed.count > 2 { detail += "; other rows differ too" }
        detail += ". The table was changed outside Attest; run 'attest rebuild' after finding out who changed it"
        return VerificationProblem(.projectionMismatch, at: entries.first, detail)
    }

    /// Whether the stored table certainly equals the replay, found cheaply: both hold the same
    /// number of rows, and every replayed row has a stored row at the same rowid with exactly
    /// the same values (type and bytes, as ``differences(_:limit:)`` compares them). Since rowids
    /// are distinct in the replay, replayed rows pair with disjoint sets of stored rows, so equal
    /// counts make the pairing one to one: the multisets are equal.
    ///
    /// The stored and replayed rows normally sit at the same rowids, because both are written by
    /// the same projector statements in log order. When they do not (rows copied around, or a
    /// `VACUUM`), or anything differs, this says `false` and the caller runs the full multiset
    /// comparison, which decides. Row lookups by rowid replace the two set differences, each of
    /// which sorts every row of both tables: several times faster on million-row tables.
    ///
    /// Once both values have the same type, `IS` under the `BINARY` collation is already exact:
    /// integers and reals compare as numbers of that type, and text and blobs byte for byte
    /// (`memcmp` over their whole length), so no value is converted here (converting every
    /// integer to text was most of the comparison's time on a million-row table).
    func matchesAtSameRowids(_ db: Database) -> Bool {
        let same = columns.map { column in
            let name = Self.quote(column)
            return "typeof(s.\(name)) = typeof(r.\(name)) AND s.\(name) IS r.\(name) COLLATE BINARY"
        }
        let name = Self.quote(table)
        let match = "SELECT 1 FROM log.\(name) s WHERE s.rowid = r.rowid\(same.map { " AND " + $0 }.joined())"
        let sql = """
            SELECT (SELECT count(*) FROM main.\(name)), (SELECT count(*) FROM log.\(name)),
            (SELECT count(*) FROM main.\(name) r WHERE EXISTS (\(match)))
            """
        guard let row = try? Row.fetchOne(db, sql: sql) else { return false }
        let (replayed, stored, paired): (Int64?, Int64?, Int64?) = (row[0], row[1], row[2])
        return replayed != nil && replayed == stored && replayed == paired
    }

    /// The `SELECT` that gives each row as exact (type, bytes) pairs; grouped with a count for
    /// tables whose rows need not be unique.
    private func select(_ schema: String) -> String {
        let exact = columns.enumerated().map { index, column in
            let name = Self.quote(column)
            return "typeof(\(name)) AS t\(index), CASE typeof(\(name)) WHEN 'real' THEN \(name) ELSE CAST(\(name) AS BLOB) END AS v\(index)"
        }
        let from = "FROM \(schema).\(Self.quote(table))"
        if unique { return "SELECT \(exact.joined(separator: ", ")) \(from)" }
        let positions = (1...(columns.count * 2)).map(String.init).joined(separator: ", ")
        return "SELECT \(exact.joined(separator: ", ")), count(*) AS copies \(from) GROUP BY \(positions)"
    }

    private func value(_ row: Row, _ index: Int) -> String {
        let type: String = row["t\(index)"]
        let value = row["v\(index)"] as DatabaseValue
        switch (type, value.storage) {
        case ("null", _): return "NULL"
        case ("real", .double(let number)): return "\(number)"
        case ("integer", .blob(let data)): return String(decoding: data, as: UTF8.self)
        case ("text", .blob(let data)):
            return "\"" + SchemaCheck.printable(String(decoding: data, as: UTF8.self)) + "\""
                + (String(data: data, encoding: .utf8) == nil ? " (invalid UTF-8)" : "")
        case (_, .blob(let data)): return "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
        default: return "\(value)"
        }
    }

    private func render(_ row: Row) -> String {
        var parts = columns.indices.map { "\(columns[$0])=\(value(row, $0))" }
        if !unique, let copies = row["copies"] as Int64?, copies != 1 { parts.append("\(copies) copies") }
        return parts.joined(separator: ", ")
    }

    /// The entries a row cites: its `seq` and `*_seq` columns.
    private func entryColumns(_ row: Row) -> [UInt64] {
        columns.indices.compactMap { index -> UInt64? in
            let name = columns[index]
            guard name == "seq" || name.hasSuffix("_seq"), row["t\(index)"] as String == "integer",
                case .blob(let data) = (row["v\(index)"] as DatabaseValue).storage
            else { return nil }
            return UInt64(String(decoding: data, as: UTF8.self))
        }
    }

    /// Whether two rows come from the same entry (their first cited entry, else their first
    /// column), to pair a stored row with the replayed row it replaces.
    private func sameKey(_ lhs: Row, _ rhs: Row) -> Bool {
        if let left = entryColumns(lhs).first, let right = entryColumns(rhs).first { return left == right }
        guard !columns.isEmpty else { return false }
        return (lhs["v0"] as DatabaseValue) == (rhs["v0"] as DatabaseValue)
    }

    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
