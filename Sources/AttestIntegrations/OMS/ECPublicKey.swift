import Crypto
import Foundation
import X509

/// An ECDSA public key on P-256 or P-384, the curves OMS signatures use here (swift-crypto).
/// The hash follows the curve, as model-signing does: SHA-256 for P-256, SHA-384 for P-384.
struct ECPublicKey {
    private enum Key {
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
    }

    private let key: Key

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
    /// - Throws: `IntegrationError` (`.badInput`) naming `source` for PEM that is not a P-256 or P-384 key.
    init(pem: String, source: String) throws {
        if let key = try? P256.Signing.PublicKey(pemRepresentation: pem) {
            self.key = .p256(key)
        } else if let key = try? P384.Signing.PublicKey(pemRepresentation: pem) {
            self.key = .p384(key)
        } else if pem.contains("-----BEGIN PUBLIC KEY-----") {
            throw IntegrationError(
                .badInput,
                "\(source): the public key is not an ECDSA key on P-256 or P-384 (wrong curve or key type); OMS signatures here use P-256 or P-384"
            )
        } else {
            throw IntegrationError(.badInput, "\(source): not a PEM public key (-----BEGIN PUBLIC KEY-----)")
        }
    }

    /// The key of a certificate.
    /// - Throws: `IntegrationError` (`.badInput`) for another key type or curve.
    init(certificateKey: Certificate.PublicKey, source: String, field: String) throws {
        if let key = P256.Signing.PublicKey(certificateKey) {
            self.key = .p256(key)
        } else if let key = P384.Signing.PublicKey(certificateKey) {
            self.key = .p384(key)
        } else {
            throw IntegrationError.malformed(
                source, field, "the certificate's key is not an ECDSA key on P-256 or P-384 (wrong curve or key type)")
        }
    }

    /// `P-256` or `P-384`.
    var curve: String {
        switch key {
        case .p256: "P-256"
        case .p384: "P-384"
        }
    }

    /// The DER SubjectPublicKeyInfo.
    var der: Data {
        switch key {
        case .p256(let key): key.derRepresentation
        case .p384(let key): key.derRepresentation
        }
    }

    /// SHA-256 (hex) of the key's PEM text as model-signing writes it (64-character lines, a
    /// final newline): the `publicKey.hint` of a key-signed bundle.
    var hint: String {
        let base64 = der.base64EncodedString()
        var lines = ["-----BEGIN PUBLIC KEY-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END PUBLIC KEY-----")
        let pem = lines.joined(separator: "\n") + "\n"
        return Crypto.SHA256.hash(data: Data(pem.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a DER ECDSA signature over `message`.
    /// - Returns: `nil` when `signature` is not DER, otherwise whether it verifies.
    func verifies(derSignature signature: [UInt8], for message: [UInt8]) -> Bool? {
        switch key {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return nil }
            return key.isValidSignature(parsed, for: message)
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return nil }
            return key.isValidSignature(parsed, for: message)
        }
    }
}
