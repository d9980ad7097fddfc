import Foundation
import GRDB

extension Ledger {
    /// Stores a checkpoint of this log signed elsewhere (a copy of the log moved between stores),
    /// after checking its signature by the log key, its origin and its root against the stored
    /// tree; a checkpoint of that size stored already is kept as it is.
    /// - Parameter note: the signed note (docs/log-format.md section 7).
    /// - Throws: `LedgerError` (`.verificationFailed`) when it is not this log's checkpoint.
    public func store(checkpoint note: String) throws {
        let signed: SignedCheckpoint
        do {
            signed = try SignedCheckpoint(parsing: note, logKey: logKey)
        } catch {
            throw LedgerError(.verificationFailed, "a checkpoint is not validly signed by the log key \(logKey.name)")
        }
        let size = signed.checkpoint.size
        try write { writer in
            guard signed.checkpoint.origin == origin, size <= writer.size,
                try MerkleProofBuilder(source: StoredNodes(db: writer.db)).root(size: size) == signed.checkpoint.root
            else {
                throw LedgerError(.verificationFailed, "the checkpoint at size \(size) does not match this log's entries")
            }
            try writer.db.execute(
                sql: "INSERT OR IGNORE INTO checkpoints (size, note) VALUES (?, ?)", arguments: [Int64(size), signed.serialized])
        }
    }
}
