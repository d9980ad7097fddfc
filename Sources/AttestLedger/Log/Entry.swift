import Foundation

/// One signed entry of the log.
///
/// The signed bytes are `EntryEncoding.body(...)`; the Merkle leaf is body followed by the
/// signature, so a checkpoint commits to who signed. See docs/log-format.md.
public struct Entry: Sendable, Equatable {
    /// Position in the log, 0-based, without gaps.
    public let sequence: UInt64
    /// Microseconds since 1970-01-01T00:00:00Z; never earlier than the previous entry's.
    public let timeMicros: Int64
    /// The previous entry's leaf hash (all zeros for entry 0).
    public let previousHash: Digest
    /// The signer's key fingerprint (`VerifierKey.fingerprint`).
    public let signer: Digest
    /// The entry type, e.g. `ledger.genesis` or `model.registered`.
    public let type: String
    /// The payload, JSON bytes stored verbatim.
    public let payload: [UInt8]
    /// The Ed25519 signature over the body.
    public let signature: [UInt8]

    /// Makes an entry from its stored fields.
    public init(
        sequence: UInt64, timeMicros: Int64, previousHash: Digest, signer: Digest, type: String,
        payload: [UInt8], signature: [UInt8]
    ) {
        self.sequence = sequence
        self.timeMicros = timeMicros
        self.previousHash = previousHash
        self.signer = signer
        self.type = type
        self.payload = payload
        self.signature = signature
    }

    /// The signed bytes.
    public var body: [UInt8] {
        EntryEncoding.body(
            sequence: sequence, timeMicros: timeMicros, previousHash: previousHash, signer: signer,
            type: type, payload: payload)
    }

    /// The Merkle leaf bytes: body followed by signature.
    public var leaf: [UInt8] { body + signature }

    /// `SHA-256(0x00 || leaf)`: the entry's hash, its Merkle leaf hash and the next entry's
    /// previous hash.
    public var leafHash: Digest { MerkleHash.leaf(leaf) }

    /// The entry time as a date.
    public var time: Date { Date(timeIntervalSince1970: Double(timeMicros) / 1_000_000) }

    /// The payload decoded as UTF-8 text.
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }
}

/// What a caller asks to append: a type and a payload. The ledger supplies the rest.
public struct EntryDraft: Sendable {
    /// The entry type: 1 to 128 bytes of `[a-z0-9._-]`.
    public let type: String
    /// JSON payload bytes, stored verbatim.
    public let payload: [UInt8]

    /// Makes a draft from raw payload bytes.
    public init(type: String, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }

    /// Makes a draft whose payload is `value` encoded as JSON with sorted keys.
    /// - Throws: an encoding error from `JSONEncoder`.
    public init(type: String, encoding value: some Encodable) throws {
        self.type = type
        self.payload = Array(try EntryDraft.encoder.encode(value))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
