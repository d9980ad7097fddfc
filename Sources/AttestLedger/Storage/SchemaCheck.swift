import Foundation
import GRDB
import Synchronization

/// Compares a ledger's SQLite schema with the one the code creates, object by object, and runs
/// SQLite's own consistency check.
///
/// An insider who can write the file can change more than rows: a trigger planted on `entries`
/// can refuse (censor) some entries, a trigger on a projection can rewrite what a command
/// records, an index whose b-tree no longer matches its table feeds queries wrong rows, and a
/// view or `sqlite_stat1` table can steer them. Every table, index, trigger and view in
/// `sqlite_master` must therefore be exactly one the code creates, with the same SQL text byte
/// for byte ([sqlite_schema](https://sqlite.org/schematab.html)); `PRAGMA integrity_check`
/// ([pragma](https://sqlite.org/pragma.html#pragma_integrity_check)) then proves that every
/// index holds exactly its table's rows.
enum SchemaCheck {
    /// One row of `sqlite_master`, its SQL as stored bytes.
    struct Object: Hashable, Comparable, Sendable {
        let type: String
        let name: String
        let table: String
        let sql: Data?

        static func < (lhs: Object, rhs: Object) -> Bool { (lhs.type, lhs.name) < (rhs.type, rhs.name) }
    }

    /// The schema the code creates: the log's tables and every projector's, installed in an
    /// empty in-memory database.
    static func expected(projectors: [any LedgerProjector]) throws -> [Object] {
        let queue = try DatabaseQueue()
        return try queue.write { db in
            try LedgerSchema.install(db)
            for projector in projectors { try projector.install(db) }
            return try objects(db, schema: "main")
        }
    }

    /// The objects of a database's schema (`main`, or an attached one by name).
    static func objects(_ db: Database, schema: String) throws -> [Object] {
        try Row.fetchAll(
            db, sql: "SELECT type, name, tbl_name, CAST(sql AS BLOB) AS sql FROM \"\(schema)\".sqlite_master ORDER BY type, name"
        ).map { row in
            Object(
                type: Self.text(row[0]), name: Self.text(row[1]), table: Self.text(row[2]), sql: row["sql"] as Data?)
        }
    }

    /// Every difference between the stored schema and the expected one, each naming the object;
    /// with `tables`, only objects on those tables are compared.
    static func problems(
        _ db: Database, schema: String, expected: [Object], onTables tables: Set<String>? = nil
    ) throws -> [VerificationProblem] {
        let stored = try objects(db, schema: schema).filter { tables?.contains($0.table) ?? true }
        let wanted = Dictionary(expected.map { ("\($0.type) \($0.name)", $0) }) { first, _ in first }
        let found = Dictionary(stored.map { ("\($0.type) \($0.name)", $0) }) { first, _ in first }
        var problems: [VerificationProblem] = []
        for object in stored.sorted() {
            guard let expected = wanted["\(object.type) \(object.name)"] else {
                problems.append(
                    VerificationProblem(
                        .schemaMismatch, at: nil,
                        "the database has an unexpected \(object.type) '\(Self.printable(object.name))' on table '\(Self.printable(object.table))' that Attest does not create: \(Self.sqlText(object.sql)). Something other than Attest changed the schema; remove it (and run 'attest rebuild' for a projection table)"
                    ))
                continue
            }
            if object != expected {
                problems.append(
                    VerificationProblem(
                        .schemaMismatch, at: nil,
                        "the \(object.type) '\(Self.printable(object.name))' is defined as \(Self.sqlText(object.sql)) but Attest creates \(Self.sqlText(expected.sql))"
                    ))
            }
        }
        // A ledger made before witnesses has no cosignature table until it is opened for writing.
        let predatesWitnesses = !stored.contains { LedgerSchema.cosignatureObjects.contains($0.name) }
        for object in expected.sorted() where found["\(object.type) \(object.name)"] == nil {
            if predatesWitnesses && LedgerSchema.cosignatureObjects.contains(object.name) { continue }
            problems.append(
                VerificationProblem(
                    .schemaMismatch, at: nil,
                    "the \(object.type) '\(object.name)' that Attest creates is missing from the database: \(Self.sqlText(object.sql))"))
        }
        return problems
    }

    /// What `PRAGMA integrity_check` finds wrong (an index that does not hold exactly its table's
    /// rows, a damaged page), at most `limit` messages.
    static func integrityProblems(_ db: Database, schema: String, limit: Int = 20) throws -> [VerificationProblem] {
        let messages = try String.fetchAll(db, sql: "PRAGMA \"\(schema)\".integrity_check(\(limit))")
        guard messages != ["ok"] else { return [] }
        return messages.map {
            VerificationProblem(
                .storageDamaged, at: nil,
                "SQLite's integrity check: \(printable($0)). An index or page no longer matches its table: queries read through it see wrong rows"
            )
        }
    }

    private static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .string(let text): text
        case .blob(let data): String(decoding: data, as: UTF8.self)
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .null: ""
        }
    }

    private static func sqlText(_ sql: Data?) -> String {
        guard let sql else { return "(no SQL: an automatic index)" }
        return "'" + printable(String(decoding: sql, as: UTF8.self)) + "'"
    }

    /// Text with control characters and non-ASCII scalars escaped, so that look-alike names and
    /// hidden bytes are visible in a message.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else if scalar == "\n" {
                out += " "
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out
    }
}

extension Ledger {
    /// Compares the schema of the database `db` is connected to (a read or write transaction on
    /// this ledger) with the one the code creates: every table, index, trigger and view by name
    /// and SQL text, byte for byte. Cheap (a few dozen rows); commands run it before trusting
    /// what they read. SQLite's integrity check, which reads the whole file, is `verify`'s.
    /// - Returns: one problem per object that differs, is missing or is not Attest's.
    /// - Throws: a storage error when the schema cannot be read.
    public func schemaProblems(_ db: Database) throws -> [VerificationProblem] {
        try SchemaCheck.problems(db, schema: "main", expected: try expectedSchemaObjects())
    }

    /// The schema problems that matter to a writer: those on the tables this handle writes (the
    /// log's and its projectors'). A handle opened without the registry's projectors does not
    /// write their tables, so what sits on them cannot touch its appends.
    func writeSchemaProblems(_ db: Database) throws -> [VerificationProblem] {
        let expected = try expectedSchemaObjects()
        let written = Set(expected.map(\.table))
        return try SchemaCheck.problems(db, schema: "main", expected: expected, onTables: written)
    }

    /// The objects of the schema the code creates (made in a scratch database once per ledger).
    func expectedSchemaObjects() throws -> [SchemaCheck.Object] {
        if let known = expectedSchema.withLock({ $0 }) { return known }
        let made = try SchemaCheck.expected(projectors: projectors)
        expectedSchema.withLock { $0 = made }
        return made
    }
}
