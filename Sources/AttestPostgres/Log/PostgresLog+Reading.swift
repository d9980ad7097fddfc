import AttestLedger
import Foundation
import PostgresNIO

extension PostgresLog {
    /// The number of entries.
    public func size() async throws -> UInt64 {
        try await withStatements { try await $0.size() }
    }

    /// The entry at `sequence`.
    /// - Throws: `LedgerError` (`.notFound`) past the end of the log.
    public func entry(at sequence: UInt64) async throws -> Entry {
        guard let entry = try await entries(in: sequence...sequence).first else {
            throw LedgerError(.notFound, "entry \(sequence) does not exist; the log has \(try await size()) entries")
        }
        return entry
    }

    /// The entries with sequence numbers in `range`, in order.
    public func entries(in range: ClosedRange<UInt64>) async throws -> [Entry] {
        let condition = "seq BETWEEN \(Int64(range.lowerBound)) AND \(Int64(clamping: range.upperBound))"
        return try await withStatements { try await $0.entries(condition) }
    }

    /// The RFC 9162 root of the first `size` entries, from stored nodes.
    public func root(size: UInt64) async throws -> Digest {
        try await build { builder in try builder.root(size: size) }
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries (RFC 9162 section 2.1.3.1).
    /// - Throws: `LedgerError` (`.badInput`) when `index >= size` or `size` exceeds the log.
    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [Digest] {
        let current = try await self.size()
        guard size <= current, index < size else {
            throw LedgerError(.badInput, "no inclusion proof of entry \(index) in a tree of \(size) (the log has \(current) entries)")
        }
        return try await build { builder in try builder.inclusionProof(index: index, size: size) }
    }

    /// The consistency proof from `oldSize` to `newSize` entries (RFC 9162 section 2.1.4.1).
    /// - Throws: `LedgerError` (`.badInput`) unless `0 < oldSize <= newSize <= size`.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) async throws -> [Digest] {
        let current = try await size()
        guard oldSize > 0, oldSize <= newSize, newSize <= current else {
            throw LedgerError(.badInput, "no consistency proof from size \(oldSize) to \(newSize) in a log of \(current) entries")
        }
        return try await build { builder in try builder.consistencyProof(oldSize: oldSize, newSize: newSize) }
    }

    /// Runs a proof computation twice: once to learn which nodes it reads (a proof's shape
    /// depends on sizes and indexes only), once on those nodes, fetched in one query.
    private func build<T>(_ compute: (MerkleProofBuilder<PrefetchedNodes>) throws -> T) async throws -> T {
        let source = PrefetchedNodes()
        let builder = MerkleProofBuilder(source: source)
        do {
            _ = try compute(builder)
            let wanted = source.wanted
            source.nodes = try await withStatements { try await $0.nodes(wanted) }
            return try compute(builder)
        } catch {
            throw PostgresFailure.map(error, location: location)
        }
    }

    // MARK: Checkpoints

    /// Signs and stores a checkpoint of the current tree, or returns the stored one when the
    /// tree has not grown since.
    /// - Parameter logSigner: the log key's private half.
    /// - Throws: `LedgerError` (`.badInput`) for a key that is not the log key.
    @discardableResult
    public func checkpoint(signedBy logSigner: Signer) async throws -> SignedCheckpoint {
        guard logSigner.verifierKey == logKey else {
            throw LedgerError(.badInput, "key \(logSigner.verifierKey) is not this ledger's log key \(logKey)")
        }
        let size = try await self.size()
        if let stored = try await storedCheckpoints().first(where: { $0.size == size }) {
            return try SignedCheckpoint(parsing: stored.note, logKey: logKey)
        }
        let root = try await root(size: size)
        let signed = try SignedCheckpoint(checkpoint: Checkpoint(origin: origin, size: size, root: root), signer: logSigner)
        try await store(signed)
        return signed
    }

    /// Stores a checkpoint signed elsewhere (a copy), after checking its origin, its signature by
    /// the log key and its root against the stored tree; a checkpoint of that size stored
    /// already is left as it is.
    /// - Throws: `LedgerError` (`.verificationFailed`) when the checkpoint does not match the log.
    public func store(checkpoint note: String) async throws {
        let signed: SignedCheckpoint
        do {
            signed = try SignedCheckpoint(parsing: note, logKey: logKey)
        } catch {
            throw LedgerError(.verificationFailed, "a checkpoint is not validly signed by the log key \(logKey.name)")
        }
        let size = signed.checkpoint.size
        let current = try await self.size()
        guard signed.checkpoint.origin == origin, size <= current, try await root(size: size) == signed.checkpoint.root else {
            throw LedgerError(.verificationFailed, "the checkpoint at size \(size) does not match this log's entries")
        }
        try await store(signed)
    }

    private func store(_ signed: SignedCheckpoint) async throws {
        let logger = logger
        try await withConnection { connection in
            try await connection.query(
                """
                INSERT INTO checkpoints (size, note) VALUES (\(Int64(signed.checkpoint.size)), \(signed.serialized))
                ON CONFLICT (size) DO NOTHING
                """, logger: logger)
        }
    }

    /// Every stored checkpoint, smallest first (not verified).
    public func storedCheckpoints() async throws -> [(size: UInt64, note: String)] {
        try await withStatements { try await $0.checkpoints() }
    }

    /// Stores witnesses' cosignature lines of the stored checkpoint at `size` (each line once).
    /// - Throws: `LedgerError` (`.badInput`) when no checkpoint of that size is stored.
    public func store(cosignatures: [SignedNote.Signature], size: UInt64) async throws {
        guard try await storedCheckpoints().contains(where: { $0.size == size }) else {
            throw LedgerError(.badInput, "no checkpoint of size \(size) is stored to attach cosignatures to")
        }
        let logger = logger
        try await withConnection { connection in
            for signature in cosignatures {
                try await connection.query(
                    """
                    INSERT INTO cosignatures (size, witness, line) VALUES (\(Int64(size)), \(signature.keyName), \(signature.line))
                    ON CONFLICT (size, line) DO NOTHING
                    """, logger: logger)
            }
        }
    }

    /// The stored cosignature lines of the checkpoint at `size`.
    public func cosignatures(size: UInt64) async throws -> [SignedNote.Signature] {
        try await withStatements { statements in
            try await statements.cosignatureLines(size: size).map { try SignedNote.parseSignatureLines($0 + "\n")[0] }
        }
    }

    /// Gives `role` the rights a server needs and no more: `SELECT` and `INSERT` on the log
    /// tables, never `UPDATE`, `DELETE` or `TRUNCATE`. Run as the tables' owner.
    /// - Parameter role: an existing role, a plain lower-case identifier.
    /// - Throws: `LedgerError` (`.badInput`) for another name; `.storage` when refused.
    public func grantAppendOnly(to role: String) async throws {
        guard PostgresSchema.isPlainIdentifier(role) else {
            throw LedgerError(.badInput, "role '\(role)' must be a plain name of a-z, 0-9 and '_'")
        }
        try await withStatements { statements in
            for statement in PostgresSchema.grants(to: role) { try await statements.run(statement) }
        }
    }
}
