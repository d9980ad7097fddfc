import Foundation
import GRDB

/// The SQLite schema of the log. Log tables are append-only: triggers refuse UPDATE and DELETE.
enum LedgerSchema {
    /// The format version written into the genesis and `ledger_meta`.
    static let formatVersion = 1

    static func install(_ db: Database) throws {
        try db.execute(sql: """
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
        for table in ["ledger_meta", "entries", "merkle_nodes", "checkpoints"] {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be changed'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only: rows cannot be deleted'); END;
                """)
        }
    }

    /// Reads the stored fields of one entry row.
    static func entry(from row: Row) throws -> Entry {
        let seq: Int64 = row["seq"]
        let previous: [UInt8] = [UInt8](row["prev_hash"] as Data)
        let signer: [UInt8] = [UInt8](row["signer"] as Data)
        guard let previousHash = Digest(previous), let signerHash = Digest(signer) else {
            throw LedgerError(.verificationFailed, "entry \(seq): stored hash column is not 32 bytes")
        }
        return Entry(
            sequence: UInt64(seq), timeMicros: row["time_us"], previousHash: previousHash, signer: signerHash,
            type: row["type"], payload: [UInt8](row["payload"] as Data), signature: [UInt8](row["signature"] as Data))
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
