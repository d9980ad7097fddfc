import Foundation

/// The entry types the ledger itself defines and interprets: the genesis and the signer-key
/// lifecycle. Every other type belongs to the domain above and is opaque here.
public enum LedgerEntryType {
    /// Entry 0: pins the origin, the log key and the first signer.
    public static let genesis = "ledger.genesis"
    /// A new signer key for a principal.
    public static let keyAdded = "ledger.key.added"
    /// A principal's key replaced by a new one, signed by the old key and proven by the new.
    public static let keyRotated = "ledger.key.rotated"
    /// A key that signs nothing from the next entry on.
    public static let keyRevoked = "ledger.key.revoked"

    /// Whether `type` is reserved for the ledger.
    public static func isReserved(_ type: String) -> Bool { type.hasPrefix("ledger.") }
}

/// The payload of `ledger.genesis`.
public struct GenesisPayload: Codable, Sendable, Equatable {
    /// The log's origin, also the log key's name.
    public let origin: String
    /// The log key that signs checkpoints (verifier-key text form).
    public let logKey: String
    /// The first signer's verifier key; its name is the principal.
    public let admin: String
    /// The Attest ledger format version.
    public let format: Int
}

/// The payload of `ledger.key.added`.
public struct KeyAddedPayload: Codable, Sendable, Equatable {
    /// The principal the key belongs to (the key's name).
    public let principal: String
    /// The verifier key.
    public let key: String

    /// Makes the payload.
    public init(principal: String, key: String) {
        self.principal = principal
        self.key = key
    }
}

/// The payload of `ledger.key.rotated`.
public struct KeyRotatedPayload: Codable, Sendable, Equatable {
    /// The principal.
    public let principal: String
    /// The key being replaced; the entry is signed by it.
    public let oldKey: String
    /// The replacement key.
    public let newKey: String
    /// base64 Ed25519 signature by the new key over `KeyRotatedPayload.possessionMessage`.
    public let newKeySignature: String

    /// Makes the payload.
    public init(principal: String, oldKey: String, newKey: String, newKeySignature: String) {
        self.principal = principal
        self.oldKey = oldKey
        self.newKey = newKey
        self.newKeySignature = newKeySignature
    }

    /// The bytes the new key signs to prove possession:
    /// `"attest-key-rotation/v1\n" || oldFingerprint || newFingerprint`.
    public static func possessionMessage(old: VerifierKey, new: VerifierKey) -> [UInt8] {
        Array("attest-key-rotation/v1\n".utf8) + old.fingerprint.bytes + new.fingerprint.bytes
    }
}

/// The payload of `ledger.key.revoked`.
public struct KeyRevokedPayload: Codable, Sendable, Equatable {
    /// The principal.
    public let principal: String
    /// The revoked key.
    public let key: String
    /// Why.
    public let reason: String

    /// Makes the payload.
    public init(principal: String, key: String, reason: String) {
        self.principal = principal
        self.key = key
        self.reason = reason
    }
}
