import AttestLedger
import Foundation

/// The head of the log as one append transaction sees it, after taking the append lock: the
/// Merkle border, the last entry's hash and time, and the keys valid from the next entry on.
/// It makes the next entry with the same checks as the SQLite `LedgerWriter`, or accepts a
/// copied one after checking it exactly as `attest verify` would.
struct LogHead {
    var range: CompactRange
    var lastHash: Digest
    var lastTime: Int64
    var directory: KeyDirectory
    var scannedThrough: Int64

    /// An empty log.
    init() {
        range = CompactRange()
        lastHash = .zero
        lastTime = .min
        directory = KeyDirectory()
        scannedThrough = -1
    }

    init(range: CompactRange, lastHash: Digest, lastTime: Int64, directory: KeyDirectory, scannedThrough: Int64) {
        self.range = range
        self.lastHash = lastHash
        self.lastTime = lastTime
        self.directory = directory
        self.scannedThrough = scannedThrough
    }

    var size: UInt64 { range.size }

    /// Makes, signs and takes in the next entry.
    /// - Returns: the entry and the Merkle nodes it completes, its leaf first.
    /// - Throws: `LedgerError` (`.badInput`, `.unknownSigner`) as `LedgerWriter.append` does.
    mutating func next(_ draft: EntryDraft, signer: Signer, now: Date) throws -> (Entry, [CompactRange.Node]) {
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
        let sequence = size
        let fingerprint = signer.verifierKey.fingerprint
        if sequence > 0, directory.validKey(fingerprint, at: sequence) == nil {
            throw LedgerError(
                .unknownSigner,
                "key \(signer.verifierKey) is not a valid signer of this ledger at entry \(sequence) (unknown, rotated or revoked)")
        }
        let time = max(Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down)), lastTime)
        let body = EntryEncoding.body(
            sequence: sequence, timeMicros: time, previousHash: lastHash, signer: fingerprint, type: draft.type,
            payload: draft.payload)
        let entry = Entry(
            sequence: sequence, timeMicros: time, previousHash: lastHash, signer: fingerprint, type: draft.type,
            payload: draft.payload, signature: try signer.sign(body))
        return (entry, try take(entry))
    }

    /// Takes in an entry made elsewhere (a copy), checking everything `attest verify` checks of
    /// one entry: its position, chain link, time, type, signer and signature.
    /// - Returns: the Merkle nodes it completes, its leaf first.
    /// - Throws: `LedgerError` (`.verificationFailed`) naming the entry and what is wrong.
    mutating func accept(_ entry: Entry) throws -> [CompactRange.Node] {
        func refuse(_ why: String) -> LedgerError { LedgerError(.verificationFailed, "entry \(entry.sequence): \(why)") }
        guard entry.sequence == size else { throw refuse("expected entry \(size) next") }
        guard entry.previousHash == lastHash else { throw refuse("its previous hash is not the hash of the entry before it") }
        guard entry.timeMicros >= lastTime else { throw refuse("its time is earlier than the previous entry's") }
        guard EntryEncoding.isValidType(entry.type) else { throw refuse("type '\(entry.type)' is not a valid entry type") }
        var keys = directory
        if entry.sequence == 0 { try keys.apply(entry) }
        guard let key = keys.validKey(entry.signer, at: entry.sequence)?.key else {
            throw refuse("its signer is not a key valid at this entry")
        }
        guard key.publicKey.isValidSignature(entry.signature, for: entry.body) else {
            throw refuse("the signature does not verify over the entry's bytes")
        }
        return try take(entry)
    }

    /// Applies the entry's key changes and extends the tree.
    private mutating func take(_ entry: Entry) throws -> [CompactRange.Node] {
        var nextDirectory = directory
        do {
            try nextDirectory.apply(entry)
        } catch let error as LedgerError {
            throw LedgerError(.badInput, error.message)
        }
        if entry.sequence == 0, nextDirectory.validKey(entry.signer, at: 0) == nil {
            throw LedgerError(.unknownSigner, "the genesis must be signed by the admin key it pins")
        }
        let leafHash = entry.leafHash
        let nodes = range.append(leafHash)
        directory = nextDirectory
        scannedThrough = Int64(entry.sequence)
        lastHash = leafHash
        lastTime = entry.timeMicros
        return nodes
    }
}
