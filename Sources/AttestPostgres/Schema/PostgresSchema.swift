/// The PostgreSQL schema of the log: the SQLite tables of docs/log-format.md section 10 with
/// PostgreSQL types, made append-only by the database itself (docs/postgres.md):
///
/// - triggers refuse `UPDATE`, `DELETE` and `TRUNCATE` on every log table, for every role
///   short of one that can disable triggers (the tables' owner or a superuser);
/// - a trigger refuses an entry whose sequence number is not the next one or whose previous
///   hash is not the stored leaf hash of the entry before it, so even a role that may insert
///   cannot leave a gap or fork the chain;
/// - the primary key on `entries.seq` refuses a second entry with one sequence number;
/// - ``grantAppendOnly(to:)`` gives a server's role `SELECT` and `INSERT` only.
enum PostgresSchema {
    /// The format version written into `ledger_meta` (the same entries as SQLite's format 1).
    static let formatVersion = 1

    /// The log tables, in creation order.
    static let tables = ["ledger_meta", "entries", "merkle_nodes", "checkpoints", "cosignatures"]

    /// The advisory lock every append takes for its transaction: appends are serialised on the head.
    static let appendLock: Int64 = 0x6174_7465_7374  // "attest"

    /// The statements that make the schema, one per element (postgres-nio's extended protocol
    /// runs one statement at a time).
    static let statements: [String] =
        [
            "CREATE TABLE ledger_meta (key text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE entries (
                seq bigint PRIMARY KEY CHECK (seq >= 0),
                time_us bigint NOT NULL,
                prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
                signer bytea NOT NULL CHECK (octet_length(signer) = 32),
                type text NOT NULL,
                payload bytea NOT NULL,
                signature bytea NOT NULL CHECK (octet_length(signature) = 64)
            )
            """,
            "CREATE INDEX entries_by_type ON entries (type, seq)",
            """
            CREATE TABLE merkle_nodes (
                level integer NOT NULL CHECK (level BETWEEN 0 AND 63),
                idx bigint NOT NULL CHECK (idx >= 0),
                hash bytea NOT NULL CHECK (octet_length(hash) = 32),
                PRIMARY KEY (level, idx)
            )
            """,
            "CREATE TABLE checkpoints (size bigint PRIMARY KEY CHECK (size >= 0), note text NOT NULL)",
            "CREATE TABLE cosignatures (size bigint NOT NULL, witness text NOT NULL, line text NOT NULL, UNIQUE (size, line))",
            """
            CREATE FUNCTION attest_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: rows cannot be %', TG_TABLE_NAME,
                    CASE TG_OP WHEN 'UPDATE' THEN 'changed' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
                    USING ERRCODE = 'restrict_violation';
            END $$
            """,
            """
            CREATE FUNCTION attest_entry_follows() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                expected bigint;
                previous bytea;
            BEGIN
                SELECT COALESCE(MAX(seq) + 1, 0) INTO expected FROM entries;
                IF NEW.seq <> expected THEN
                    RAISE EXCEPTION 'entry % is not the next entry of the log (%)', NEW.seq, expected
                        USING ERRCODE = 'serialization_failure';
                END IF;
                IF expected = 0 THEN
                    previous := decode(repeat('00', 32), 'hex');
                ELSE
                    SELECT hash INTO previous FROM merkle_nodes WHERE level = 0 AND idx = expected - 1;
                END IF;
                IF previous IS NULL OR NEW.prev_hash <> previous THEN
                    RAISE EXCEPTION 'entry %: its previous hash is not the leaf hash of entry %', NEW.seq, NEW.seq - 1
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$
            """,
            "CREATE TRIGGER entries_follow BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION attest_entry_follows()",
        ]
        + tables.flatMap { table in
            [
                """
                CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION attest_refuse_change()
                """,
                """
                CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION attest_refuse_change()
                """,
            ]
        }

    /// The statements giving `role` read and append rights on the log tables, and nothing else.
    /// - Parameter role: an existing role name (letters, digits, `_`; checked by the caller).
    static func grants(to role: String) -> [String] {
        [
            "GRANT USAGE ON SCHEMA public TO \(role)",
            "GRANT SELECT, INSERT ON \(tables.joined(separator: ", ")) TO \(role)",
            "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON \(tables.joined(separator: ", ")) FROM \(role)",
        ]
    }

    /// Whether `name` is a plain role name that can be written into SQL unquoted.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        let lower = { (byte: UInt8) in byte >= 0x61 && byte <= 0x7a }
        return (lower(first) || first == 0x5f)
            && name.utf8.allSatisfy { lower($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    }

    static let entryColumns = "seq, time_us, prev_hash, signer, type, payload, signature"
}
