import Foundation

/// A witness's (cosigner's) Ed25519 public key, in the C2SP vkey form with signature type
/// 0x04 (c2sp.org/tlog-cosignature, "Format"; c2sp.org/signed-note, "Signature types"):
/// `name+hex(keyID)+base64(0x04 || publicKey)`, where
/// `keyID = SHA-256(name || 0x0A || 0x04 || publicKey)[:4]`.
///
/// The same Ed25519 key pair has a different key ID as a log or actor key (type 0x01,
/// `VerifierKey`): a cosignature never passes for an ordinary note signature, nor the reverse.
public struct WitnessKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type byte of timestamped Ed25519 checkpoint cosignatures.
    public static let cosignatureType: UInt8 = 0x04

    /// The cosigner's name, e.g. `witness.example.com/w1`.
    public let name: String
    /// The Ed25519 public key.
    public let publicKey: PublicKey

    /// Names a cosigner public key.
    /// - Throws: `LedgerError` (`.malformedKey`) when the name is not a valid key name.
    public init(name: String, publicKey: PublicKey) throws {
        guard VerifierKey.isValidName(name) else {
            throw LedgerError(.malformedKey, "witness key name '\(name)' must be non-empty and contain no spaces or '+'")
        }
        self.name = name
        self.publicKey = publicKey
    }

    /// Parses the vkey text form.
    /// - Parameter text: `name+hex8+base64(0x04 || key)`.
    /// - Throws: `LedgerError` (`.malformedKey`) naming what is wrong.
    public init(parsing text: String) throws {
        let parsed = try VKeyText(parsing: text, what: "witness key")
        guard parsed.type == Self.cosignatureType else {
            throw LedgerError(
                .malformedKey,
                "witness key '\(parsed.shown)': signature type \(parsed.type) is not a timestamped Ed25519 cosignature key (4); 'attest witness key' prints the witness's key"
            )
        }
        try self.init(name: parsed.name, publicKey: parsed.publicKey)
        try parsed.check(keyID: keyID)
    }

    /// The 4-byte key ID: `SHA-256(name || 0x0A || 0x04 || publicKey)[:4]`.
    public var keyID: [UInt8] {
        var hasher = SHA256()
        hasher.update(Array(name.utf8))
        hasher.update(byte: 0x0A)
        hasher.update(byte: Self.cosignatureType)
        hasher.update(publicKey.bytes)
        return Array(hasher.finalize().bytes.prefix(4))
    }

    /// The key ID as a big-endian integer.
    public var keyIDValue: UInt32 { keyID.reduce(0) { $0 << 8 | UInt32($1) } }

    /// The vkey text form.
    public var description: String {
        "\(name)+\(Hex.encode(keyID))+\(Base64.encode([Self.cosignatureType] + publicKey.bytes))"
    }
}
