import Foundation
import GRDB

extension Ledger {
    /// The RFC 9162 root of the first `size` entries, from stored nodes.
    public func root(size: UInt64) throws -> Digest {
        try read { db in try MerkleProofBuilder(source: StoredNodes(db: db)).root(size: size) }
    }

    /// Signs and stores a checkpoint of the current tree, or returns the stored one when the
    /// tree has not grown since.
    /// - Parameter logSigner: the log key's private half; must match the genesis.
    /// - Returns: the signed checkpoint.
    /// - Throws: `LedgerError` (`.badInput`) for a key that is not the log key.
    @discardableResult
    public func checkpoint(signedBy logSigner: Signer) throws -> SignedCheckpoint {
        guard logSigner.verifierKey == logKey else {
            throw LedgerError(.badInput, "key \(logSigner.verifierKey) is not this ledger's log key \(logKey)")
        }
        return try write { writer in try checkpoint(signedBy: logSigner, in: writer) }
    }

    /// ``checkpoint(signedBy:)`` inside a write transaction: the checkpoint of the tree as this
    /// transaction has it, so that it covers exactly what the transaction appended (an export
    /// index and the checkpoint whose last entry it is, in one commit).
    /// - Throws: `LedgerError` (`.badInput`) for another key than the log key.
    public func checkpoint(signedBy logSigner: Signer, in writer: LedgerWriter) throws -> SignedCheckpoint {
        guard logSigner.verifierKey == logKey else {
            throw LedgerError(.badInput, "key \(logSigner.verifierKey) is not this ledger's log key \(logKey)")
        }
        let size = writer.size
        if let text = try String.fetchOne(writer.db, sql: "SELECT note FROM checkpoints WHERE size = ?", arguments: [Int64(size)]) {
            return try SignedCheckpoint(parsing: text, logKey: logKey)
        }
        let root = try MerkleProofBuilder(source: StoredNodes(db: writer.db)).root(size: size)
        let signed = try SignedCheckpoint(checkpoint: Checkpoint(origin: origin, size: size, root: root), signer: logSigner)
        try writer.db.execute(sql: "INSERT INTO checkpoints (size, note) VALUES (?, ?)", arguments: [Int64(size), signed.serialized])
        return signed
    }

    /// The stored checkpoint with the largest size, verified against the log key, with the
    /// witnesses' stored cosignatures appended.
    public func latestCheckpoint() throws -> SignedCheckpoint? {
        guard
            let (text, lines) = try read({ db -> (String, [SignedNote.Signature])? in
                guard let row = try Row.fetchOne(db, sql: "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1") else {
                    return nil
                }
                return (row["note"] as String, try Self.cosignatures(size: UInt64(row["size"] as Int64), db))
            })
        else { return nil }
        return try Self.attach(lines, to: SignedCheckpoint(parsing: text, logKey: logKey))
    }

    /// Every stored checkpoint, smallest first (not verified).
    public func storedCheckpoints() throws -> [(size: UInt64, note: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT size, note FROM checkpoints ORDER BY size").map {
                (UInt64($0["size"] as Int64), $0["note"] as String)
            }
        }
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    /// - Throws: `LedgerError` (`.badInput`) when `index >= size` or `size` exceeds the log.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [Digest] {
        try read { db in
            let current = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0)
            guard size <= current else { throw LedgerError(.badInput, "tree size \(size) exceeds the log's \(current) entries") }
            guard index < size else { throw LedgerError(.badInput, "entry \(index) is not in a tree of \(size) entries") }
            return try MerkleProofBuilder(source: StoredNodes(db: db)).inclusionProof(index: index, size: size)
        }
    }

    /// The consistency proof from the tree of `oldSize` entries to the tree of `newSize`.
    /// - Throws: `LedgerError` (`.badInput`) unless `0 < oldSize <= newSize <= size`.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [Digest] {
        try read { db in
            let current = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0)
            guard oldSize > 0, oldSize <= newSize, newSize <= current else {
                throw LedgerError(.badInput, "no consistency proof from size \(oldSize) to \(newSize) in a log of \(current) entries")
            }
            return try MerkleProofBuilder(source: StoredNodes(db: db)).consistencyProof(oldSize: oldSize, newSize: newSize)
        }
    }

    /// An inclusion proof of entry `index` against `checkpoint`, in C2SP tlog-proof form, with
    /// the entry's leaf bytes as extra data so the proof is self-contained.
    public func inclusionProof(index: UInt64, checkpoint: SignedCheckpoint) throws -> InclusionProof {
        let hashes = try inclusionProof(index: index, size: checkpoint.checkpoint.size)
        return InclusionProof(index: index, hashes: hashes, checkpoint: checkpoint, extra: try entry(at: index).leaf)
    }
}
