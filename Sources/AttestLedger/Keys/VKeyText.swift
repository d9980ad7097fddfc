import Foundation

/// The C2SP vkey text form that verifier keys and witness keys share,
/// `name+hex(keyID)+base64(type || publicKey)` (c2sp.org/signed-note): split and checked for
/// shape here; each key type checks its own signature type and key ID.
struct VKeyText {
    /// The key's name.
    let name: String
    /// The 4-byte key ID as written.
    let keyID: [UInt8]
    /// The signature type byte.
    let type: UInt8
    /// The Ed25519 public key.
    let publicKey: PublicKey
    /// The start of the input, as messages quote it (never a whole pasted secret).
    let shown: String
    /// How messages name the key: "verifier key", "witness key".
    let what: String

    /// Splits `text`; the base64 part may itself contain '+', so all after the second '+' is one part.
    /// - Throws: `LedgerError` (`.malformedKey`) naming what is wrong.
    init(parsing text: String, what: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = trimmed.count > 60 ? String(trimmed.prefix(60)) + "…" : trimmed
        let parts = trimmed.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { throw LedgerError(.malformedKey, "\(what) '\(shown)' is not of the form name+keyid+base64") }
        let idHex = String(parts[1])
        guard idHex.count == 8, let id = Hex.decode(idHex) else {
            throw LedgerError(.malformedKey, "\(what) '\(shown)': key id '\(idHex)' is not 8 hex digits")
        }
        guard let raw = Base64.decode(parts[2...].joined(separator: "+")), raw.count == 33 else {
            throw LedgerError(.malformedKey, "\(what) '\(shown)': key material is not base64 of 33 bytes")
        }
        name = String(parts[0])
        keyID = id
        type = raw[0]
        publicKey = PublicKey(Array(raw[1...]))!
        self.shown = shown
        self.what = what
    }

    /// Checks the written key ID against the one computed from the key.
    /// - Throws: `LedgerError` (`.malformedKey`) when they differ.
    func check(keyID computed: [UInt8]) throws {
        guard computed == keyID else {
            throw LedgerError(
                .malformedKey,
                "\(what) '\(shown)': key id \(Hex.encode(keyID)) does not match the key (expected \(Hex.encode(computed)))")
        }
    }
}
