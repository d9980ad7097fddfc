import Foundation
import GRDB

/// The handle given to `Ledger.write`: reads through `db`, appends through `append`, all in
/// one immediate transaction.
public struct LedgerWriter {
    /// The open transaction's database, for reading projections.
    public let db: Database
    /// The ledger being written.
    public let ledger: Ledger

    /// The signer keys as of the last entry appended in this transaction.
    public private(set) var directory: KeyDirectory
    private(set) var scannedThrough: Int64
    private var range: CompactRange
    private var lastTime: Int64
    private var lastHash: Digest
    /// Whether ``append(_:signer:timeMicros:)`` keeps the entries it makes (for a mirror).
    var collects = false
    /// The entries appended while ``collects`` was on.
    var appended: [Entry] = []
    /// Whether this transaction has compared the schema with the code's (before its first append).
    private var schemaChecked = false

    init(ledger: Ledger, db: Database) throws {
        self.ledger = ledger
        self.db = db
        let size = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0)
        if size == 0 {
            (directory, scannedThrough) = (KeyDirectory(), -1)
            range = CompactRange()
            lastTime = Int64.min
            lastHash = .zero
        } else {
            (directory, scannedThrough) = try ledger.currentKeys(db)
            let nodes = StoredNodes(db: db)
            let border = try CompactRange.border(of: size).map { try nodes.hash(level: $0.level, index: $0.index) }
            guard let restored = CompactRange(size: size, hashes: border) else {
                throw LedgerError(
                    .storage, "\(ledger.path): the stored Merkle tree does not match the log size \(size); run 'attest verify'")
            }
            range = restored
            lastHash = try nodes.hash(level: 0, index: size - 1)
            lastTime = try Int64.fetchOne(db, sql: "SELECT time_us FROM entries WHERE seq = ?", arguments: [Int64(size - 1)]) ?? 0
        }
    }

    /// The number of entries, including those appended in this transaction.
    public var size: UInt64 { range.size }

    /// Appends an entry signed by `signer`.
    /// - Parameters:
    ///   - draft: the type and JSON payload.
    ///   - signer: a key valid at this position of the log.
    /// - Returns: the entry.
    /// - Throws: `LedgerError` (`.badInput`) for an invalid type or payload, (`.unknownSigner`)
    ///   for a key the ledger does not know or that is no longer valid.
    @discardableResult
    public mutating func append(_ draft: EntryDraft, signer: Signer) throws -> Entry {
        try append(draft, signer: signer, timeMicros: nil)
    }

    /// The time of the last entry, in microseconds since 1970 (`Int64.min` for an empty log):
    /// the next entry's time is never earlier.
    public var lastTimeMicros: Int64 { lastTime }

    /// Appends an entry signed by `signer` with a time chosen by the caller, for an entry whose
    /// payload records the time it was made at (a promotion decision): the two are then equal.
    /// - Parameters:
    ///   - draft: the type and JSON payload.
    ///   - signer: a key valid at this position of the log.
    ///   - timeMicros: the entry's time, microseconds since 1970; not before ``lastTimeMicros``.
    ///     `nil` takes the ledger's clock (never earlier than the last entry).
    /// - Returns: the entry.
    /// - Throws: `LedgerError` as ``append(_:signer:)``, and `.badInput` for a time before the last entry's.
    @discardableResult
    public mutating func append(_ draft: EntryDraft, signer: Signer, timeMicros: Int64?) throws -> Entry {
        if !schemaChecked {
            // A trigger, index or view planted beside Attest's could censor or rewrite what is
            // appended (docs/security.md): nothing is written through a schema that is not ours.
            if let problem = try ledger.writeSchemaProblems(db).first {
                throw LedgerError(
                    .inconsistentDatabase, "\(ledger.path): \(problem.detail). Nothing was written; run 'attest verify'")
            }
            schemaChecked = true
        }
        if let timeMicros, timeMicros < lastTime {
            throw LedgerError(.badInput, "an entry's time may not be before the last entry's (\(timeMicros) < \(lastTime) µs)")
        }
        guard EntryEncoding.isValidType(draft.type) else {
            throw LedgerError(.badInput, "entry type '\(draft.type)' must be 1-128 characters of a-z, 0-9, '.', '_' and '-'")
        }
        guard draft.payload.count <= EntryEncoding.maximumPayloadLength else {
            throw LedgerError(
                .badInput, "entry payload of \(draft.payload.count) bytes exceeds the limit of \(EntryEncoding.maximumPayloadLength)")
        }
        guard (try? JSONSerialization.jsonObject(with: Data(draft.payload))) is [String: Any] else {
            throw LedgerError(.badInput, "entry payload for '\(draft.type)' is not a JSON object")
        }
        let sequence = range.size
        let fingerprint = signer.verifierKey.fingerprint
        if sequence > 0 {
            guard directory.validKey(fingerprint, at: sequence) != nil else {
                throw LedgerError(
                    .unknownSigner,
                    "key \(signer.verifierKey) is not a valid signer of this ledger at entry \(sequence) (unknown, rotated or revoked)")
            }
        }
        let now = Int64((ledger.clock().timeIntervalSince1970 * 1_000_000).rounded(.down))
        let time = timeMicros ?? max(now, lastTime)
        let body = EntryEncoding.body(
            sequence: sequence, timeMicros: time, previousHash: lastHash, signer: fingerprint, type: draft.type,
            payload: draft.payload)
        let entry = Entry(
            sequence: sequence, timeMicros: time, previousHash: lastHash, signer: fingerprint, type: draft.type,
            payload: draft.payload, signature: try signer.sign(body))
        var nextDirectory = directory
        do {
            try nextDirectory.apply(entry)
        } catch let error as LedgerError {
            throw LedgerError(.badInput, error.message)
        }
        if sequence == 0 {
            guard nextDirectory.validKey(fingerprint, at: 0) != nil else {
                throw LedgerError(.unknownSigner, "the genesis must be signed by the admin key it pins")
            }
        }
        let insertEntry = try db.cachedStatement(
            sql: "INSERT INTO entries (\(LedgerSchema.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try insertEntry.execute(arguments: [
            Int64(sequence), time, Data(lastHash.bytes), Data(fingerprint.bytes), draft.type, Data(draft.payload),
            Data(entry.signature),
        ])
        let leafHash = MerkleHash.leaf(body + entry.signature)
        let insertNode = try db.cachedStatement(sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)")
        for node in range.append(leafHash) {
            try insertNode.execute(arguments: [node.level, Int64(node.index), Data(node.hash.bytes)])
        }
        for projector in ledger.projectors { try projector.apply(entry, db) }
        directory = nextDirectory
        scannedThrough = Int64(sequence)  // the directory now reflects every entry up to this one
        lastHash = leafHash
        lastTime = time
        if collects { appended.append(entry) }
        return entry
    }
}
