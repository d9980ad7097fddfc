import Foundation

/// A named Ed25519 public key in the C2SP signed-note verifier-key form.
///
/// Text form (c2sp.org/signed-note): `name+hex(keyID)+base64(0x01 || publicKey)`, where
/// `keyID = SHA-256(name || 0x0A || 0x01 || publicKey)[:4]`.
public struct VerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The signature type byte for Ed25519 in C2SP signed notes.
    public static let ed25519Type: UInt8 = 0x01

    /// The key name: non-empty, no Unicode spaces, no `+`.
    public let name: String
    /// The Ed25519 public key.
    public let publicKey: PublicKey

    /// Names a public key.
    /// - Throws: `LedgerError` (`.malformedKey`) when the name is not a valid key name.
    public init(name: String, publicKey: PublicKey) throws {
        guard Self.isValidName(name) else {
            throw LedgerError(.malformedKey, "key name '\(name)' must be non-empty and contain no spaces or '+'")
        }
        self.name = name
        self.publicKey = publicKey
    }

    /// Parses the text form.
    /// - Parameter text: `name+hex8+base64`.
    /// - Throws: `LedgerError` (`.malformedKey`) naming what is wrong.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("attest-key/v1") || trimmed.hasPrefix("PRIVATE+KEY") {
            throw LedgerError(
                .malformedKey, "this is a private key, not a verifier key: pass the NAME.pub file or the name+keyid+base64 line")
        }
        let parsed = try VKeyText(parsing: trimmed, what: "verifier key")
        guard parsed.type == Self.ed25519Type else {
            throw LedgerError(.malformedKey, "verifier key '\(parsed.shown)': signature type \(parsed.type) is not Ed25519 (1)")
        }
        try self.init(name: parsed.name, publicKey: parsed.publicKey)
        try parsed.check(keyID: keyID)
    }

    /// The full key hash `SHA-256(name || 0x0A || 0x01 || publicKey)`; its first 4 bytes are the key ID.
    /// Entries name their signer by this hash.
    public var fingerprint: Digest {
        var hasher = SHA256()
        hasher.update(Array(name.utf8))
        hasher.update(byte: 0x0A)
        hasher.update(byte: Self.ed25519Type)
        hasher.update(publicKey.bytes)
        return hasher.finalize()
    }

    /// The 4-byte C2SP key ID.
    public var keyID: [UInt8] { Array(fingerprint.bytes.prefix(4)) }

    /// The key ID as a big-endian integer.
    public var keyIDValue: UInt32 { keyID.reduce(0) { $0 << 8 | UInt32($1) } }

    /// The text form.
    public var description: String {
        "\(name)+\(Hex.encode(keyID))+\(Base64.encode([Self.ed25519Type] + publicKey.bytes))"
    }

    /// Whether `name` is a valid C2SP key name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }
}
