import Foundation
import GRDB

/// The SQLite schema of the log. Log tables are append-only: triggers refuse UPDATE and DELETE.
enum LedgerSchema {
    /// The format version written into the genesis and `ledger_meta`.
    static let formatVersion = 1

    static func install(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE ledger_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE entries (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 0),
                    time_us INTEGER NOT NULL,
                    prev_hash BLOB NOT NULL,
                    signer BLOB NOT NULL,
                    type TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    signature BLOB NOT NULL
                );
                CREATE INDEX entries_by_type ON entries(type, seq);
                CREATE TABLE merkle_nodes (
                    level INTEGER NOT NULL,
                    idx INTEGER NOT NULL,
                    hash BLOB NOT NULL,
                    PRIMARY KEY (level, idx)
                ) WITHOUT ROWID;
                CREATE TABLE checkpoints (
                    size INTEGER PRIMARY KEY NOT NULL,
                    note TEXT NOT NULL
                );
                """)
        try installAppendOnly(db, tables: ["ledger_meta", "entries", "merkle_nodes", "checkpoints"])
        try installCosignatures(db)
    }

    /// The witnesses' cosignatures of stored checkpoints (docs/log-format.md section 10); added
    /// to ledgers made before witnesses when they are next opened for writing.
    static func installCosignatures(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE cosignatures (
                    size INTEGER NOT NULL,
                    witness TEXT NOT NULL,
                    line TEXT NOT NULL,
                    UNIQUE (size, line)
                );
                """)
        try installAppendOnly(db, tables: ["cosignatures"])
    }

    /// The schema objects `installCosignatures` makes; a ledger without all of them predates witnesses.
    static let cosignatureObjects: Set<String> = [
        "cosignatures", "sqlite_autoindex_cosignatures_1", "cosignatures_no_update", "cosignatures_no_delete",
    ]

    /// The triggers that refuse an `UPDATE` or `DELETE` of a log table's rows.
    static func installAppendOnly(_ db: Database, tables: [String]) throws {
        for table in tables {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be changed'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be deleted'); END;
                    """)
        }
    }

    /// Reads the stored fields of one entry row, whose first columns are ``entryColumns`` in
    /// that order (read by position: a replay reads millions of rows). A row whose columns hold
    /// the wrong SQLite types (a file edited by hand) is reported as malformed, never trapped on.
    static func entry(from row: Row) throws -> Entry {
        func integer(_ column: Int) -> Int64? {
            if case .int64(let value) = (row[column] as DatabaseValue).storage { return value }
            return nil
        }
        func bytes(_ column: Int) -> [UInt8]? {
            switch (row[column] as DatabaseValue).storage {
            case .blob(let data): [UInt8](data)
            case .string(let text): Array(text.utf8)
            default: nil
            }
        }
        guard let seq = integer(0) else {
            throw LedgerError(.verificationFailed, "an entry row has a sequence number that is not an integer")
        }
        guard let time = integer(1) else {
            throw LedgerError(.verificationFailed, "entry \(seq): the stored time is not an integer")
        }
        guard case .string(let type) = (row[4] as DatabaseValue).storage else {
            throw LedgerError(.verificationFailed, "entry \(seq): the stored type is not text")
        }
        guard let previous = bytes(2).flatMap(Digest.init), let signer = bytes(3).flatMap(Digest.init) else {
            throw LedgerError(.verificationFailed, "entry \(seq): a stored hash column is not 32 bytes")
        }
        guard let payload = bytes(5), let signature = bytes(6) else {
            throw LedgerError(.verificationFailed, "entry \(seq): the stored payload or signature is not a blob")
        }
        guard seq >= 0, type.utf8.count <= EntryEncoding.maximumTypeLength, payload.count <= EntryEncoding.maximumPayloadLength else {
            throw LedgerError(.verificationFailed, "entry \(seq): a stored field exceeds the format's limits")
        }
        return Entry(
            sequence: UInt64(seq), timeMicros: time, previousHash: previous, signer: signer, type: type, payload: payload,
            signature: signature)
    }

    static let entryColumns = "seq, time_us, prev_hash, signer, type, payload, signature"
}

/// Reads stored perfect subtree hashes.
struct StoredNodes: MerkleNodeSource {
    let db: Database

    func hash(level: Int, index: UInt64) throws -> Digest {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?")
        guard let data = try Data.fetchOne(statement, arguments: [level, Int64(index)]), let digest = Digest([UInt8](data))
        else {
            throw LedgerError(.verificationFailed, "Merkle node at level \(level), index \(index) is missing from the ledger")
        }
        return digest
    }
}
