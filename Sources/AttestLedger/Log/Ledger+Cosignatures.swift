import Foundation
import GRDB

extension Ledger {
    /// Stores witnesses' cosignatures of the stored checkpoint at `size` (each line once).
    /// - Parameters:
    ///   - signatures: the signature lines, already verified by the caller.
    ///   - size: the checkpoint's tree size; a checkpoint of that size must be stored.
    /// - Throws: `LedgerError` (`.badInput`) when no checkpoint of that size is stored.
    public func storeCosignatures(_ signatures: [SignedNote.Signature], size: UInt64) throws {
        guard !signatures.isEmpty else { return }
        try write { writer in
            guard try Int64.fetchOne(writer.db, sql: "SELECT 1 FROM checkpoints WHERE size = ?", arguments: [Int64(size)]) != nil else {
                throw LedgerError(.badInput, "no checkpoint of size \(size) is stored to attach cosignatures to")
            }
            for signature in signatures {
                try writer.db.execute(
                    sql: "INSERT OR IGNORE INTO cosignatures (size, witness, line) VALUES (?, ?, ?)",
                    arguments: [Int64(size), signature.keyName, signature.line])
            }
        }
    }

    /// The stored cosignature lines of the checkpoint at `size`, in the order stored.
    public func cosignatures(size: UInt64) throws -> [SignedNote.Signature] {
        try read { db in try Self.cosignatures(size: size, db) }
    }

    /// The largest checkpoint size a witness (by key name) has cosigned, 0 when none.
    public func largestCosignedSize(witness: String) throws -> UInt64 {
        try read { db in
            guard try db.tableExists("cosignatures") else { return 0 }
            return UInt64(
                try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(size), 0) FROM cosignatures WHERE witness = ?", arguments: [witness])
                    ?? 0)
        }
    }

    /// The stored checkpoint at `size` with its stored cosignatures appended, verified against
    /// the log key; `nil` when none is stored.
    public func cosignedCheckpoint(size: UInt64) throws -> SignedCheckpoint? {
        let found = try read { db -> (String, [SignedNote.Signature])? in
            guard let note = try String.fetchOne(db, sql: "SELECT note FROM checkpoints WHERE size = ?", arguments: [Int64(size)])
            else { return nil }
            return (note, try Self.cosignatures(size: size, db))
        }
        guard let (text, lines) = found else { return nil }
        return try Self.attach(lines, to: SignedCheckpoint(parsing: text, logKey: logKey))
    }

    /// A signed checkpoint with extra signature lines.
    public static func attach(_ lines: [SignedNote.Signature], to checkpoint: SignedCheckpoint) throws -> SignedCheckpoint {
        guard !lines.isEmpty else { return checkpoint }
        var note = checkpoint.note
        for line in lines { note.append(line) }
        return try SignedCheckpoint(parsing: note.serialized, logKey: nil)
    }

    static func cosignatures(size: UInt64, _ db: Database) throws -> [SignedNote.Signature] {
        guard try db.tableExists("cosignatures") else { return [] }
        let lines = try String.fetchAll(
            db, sql: "SELECT line FROM cosignatures WHERE size = ? ORDER BY witness, line", arguments: [Int64(size)])
        return try lines.map { try SignedNote.parseSignatureLines($0 + "\n")[0] }
    }
}
