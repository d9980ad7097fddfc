import Foundation
import SwiftASN1
import X509

/// Checks an OMS certificate chain (leaf first, then intermediates, as model-signing writes
/// them) against one trusted root, at a given time, with swift-certificates: each certificate
/// must be signed by the next one up (an intermediate of the bundle, marked as a CA, or the root),
/// every certificate on the path must be valid at that time, and the leaf must allow digital
/// signatures (key usage) or code signing (extended key usage), as model-signing requires.
struct CertificateChain {
    let leaf: Certificate
    let path: [Certificate]

    /// Validates the chain.
    /// - Parameters:
    ///   - der: the bundle's certificates, leaf first.
    ///   - root: the trusted root.
    ///   - time: the time the certificates must be valid at.
    ///   - source: the bundle's name, for errors.
    /// - Throws: `IntegrationError`: `.badInput` for a certificate that does not parse or is
    ///   expired or not yet valid (naming its field); `.refused` for a chain that does not lead to
    ///   the root or a leaf that may not sign.
    init(der: [[UInt8]], root: Certificate, time: Date, source: String) throws {
        let field = "verificationMaterial.x509CertificateChain.certificates"
        let certificates = try der.enumerated().map { index, bytes in
            do { return try Certificate(derEncoded: bytes) } catch {
                throw IntegrationError.malformed(source, "\(field)[\(index)].rawBytes", "is not a DER X.509 certificate")
            }
        }
        for (index, certificate) in certificates.enumerated() {
            try Self.checkValidity(certificate, at: time, source: source, field: "\(field)[\(index)]")
        }
        leaf = certificates[0]
        var path = [leaf]
        var current = leaf
        var candidates = Array(certificates.dropFirst())
        while true {
            if current.issuer == root.subject, root.publicKey.isValidSignature(current.signature, for: current) { break }
            guard path.count <= 8,
                let next = candidates.firstIndex(where: {
                    $0.subject == current.issuer && Self.isAuthority($0) && $0.publicKey.isValidSignature(current.signature, for: current)
                })
            else {
                throw IntegrationError(
                    .refused, "\(source): the signing certificate (\(current.subject)) does not chain to the given root (\(root.subject))")
            }
            current = candidates.remove(at: next)
            path.append(current)
        }
        try Self.checkValidity(root, at: time, source: source, field: "the root certificate")
        let usage = try? leaf.extensions.keyUsage
        let extended = try? leaf.extensions.extendedKeyUsage
        guard usage?.digitalSignature == true || extended?.contains(.codeSigning) == true else {
            throw IntegrationError(
                .refused, "\(source): the signing certificate (\(leaf.subject)) allows neither digital signatures nor code signing")
        }
        self.path = path + [root]
    }

    static func isAuthority(_ certificate: Certificate) -> Bool {
        if case .isCertificateAuthority? = try? certificate.extensions.basicConstraints { return true }
        return false
    }

    static func checkValidity(_ certificate: Certificate, at time: Date, source: String, field: String) throws {
        let format = ISO8601DateFormatter()
        if time > certificate.notValidAfter {
            throw IntegrationError.malformed(
                source, field, "the certificate (\(certificate.subject)) expired at \(format.string(from: certificate.notValidAfter))")
        }
        if time < certificate.notValidBefore {
            throw IntegrationError.malformed(
                source, field,
                "the certificate (\(certificate.subject)) is not valid before \(format.string(from: certificate.notValidBefore))")
        }
    }
}
