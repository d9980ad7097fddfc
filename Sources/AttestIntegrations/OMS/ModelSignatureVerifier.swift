import AttestLedger
import Foundation
import SwiftASN1
import X509

/// Verifies an OMS model signature against a model folder (docs/attestations.md, "Model
/// signatures in"): the envelope's ECDSA signature over the DSSE PAE with the trusted key (or the
/// signing certificate's key, after its chain to the trusted root), the statement's manifest
/// digest, and the manifest against the folder's files recomputed by the OMS rules.
public struct ModelSignatureVerifier: Sendable {
    /// What the signature must be made with.
    public enum Trust: Sendable {
        /// A PEM public key (`-----BEGIN PUBLIC KEY-----`), and its file's name for messages.
        case publicKey(pem: String, source: String)
        /// A PEM root certificate, and its file's name for messages.
        case rootCertificate(pem: String, source: String)

        /// The PEM text.
        public var pem: String {
            switch self {
            case .publicKey(let pem, _), .rootCertificate(let pem, _): pem
            }
        }
    }

    /// What a verified signature says.
    public struct Verified: Sendable, Equatable {
        /// `key` or `certificate`.
        public var method: String
        /// `sha256:<hex>` of the key's PEM (key), or the leaf's subject (certificate).
        public var identity: String
        /// `P-256` or `P-384`.
        public var curve: String
        /// For a certificate, the root's subject.
        public var root: String?
        /// For a certificate, `sha256:<hex>` of the root's DER.
        public var rootDigest: String?
        /// The statement.
        public var statement: OMSStatement

        /// What an `evidence.attached` entry records of this verification.
        /// - Parameters:
        ///   - artifactDigest: the registered folder the manifest was recomputed from.
        ///   - anchor: the PEM key or root it was verified with.
        public func record(artifactDigest: String, anchor: String) -> ModelSignatureRecord {
            ModelSignatureRecord(
                method: method, identity: identity, curve: curve, root: root, rootDigest: rootDigest, manifestName: statement.name,
                manifestDigest: "sha256:" + statement.digest, artifactDigest: artifactDigest, files: statement.resources.count,
                anchor: anchor)
        }
    }

    /// The trust anchor.
    public let trust: Trust
    /// The time certificates must be valid at (the attach time).
    public let time: Date

    /// Makes a verifier.
    public init(trust: Trust, time: Date) {
        self.trust = trust
        self.time = time
    }

    /// Verifies the signature's envelope and statement, without the folder.
    /// - Throws: `IntegrationError`: `.badInput` for malformed input (naming the field), an
    ///   expired certificate, a key on another curve, a bundle of the other kind than the trust,
    ///   or a signature by the right key over the bare payload instead of the DSSE PAE;
    ///   `.refused` for a signature that does not verify, another key, a chain that does not lead
    ///   to the root, or a manifest whose digest is not its subject's.
    public func verifySignature(_ bundle: ModelSignatureBundle, source: String) throws -> Verified {
        let key: ECPublicKey
        let method: String
        let identity: String
        var rootName: String?
        var rootDigest: String?
        switch (trust, bundle.material) {
        case (.publicKey(let pem, let keySource), .publicKey(let hint)):
            key = try ECPublicKey(pem: pem, source: keySource)
            if let hint, hint != key.hint {
                throw IntegrationError(.refused, "\(source) was signed with another key (key hint \(hint)) than \(keySource) (\(key.hint))")
            }
            method = "key"
            identity = "sha256:" + key.hint
        case (.rootCertificate(let pem, let rootSource), .certificateChain(let der)):
            let root: Certificate
            do { root = try Certificate(pemEncoded: pem) } catch {
                throw IntegrationError(.badInput, "\(rootSource): not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----)")
            }
            let chain = try CertificateChain(der: der, root: root, time: time, source: source)
            key = try ECPublicKey(
                certificateKey: chain.leaf.publicKey, source: source, field: "verificationMaterial.x509CertificateChain.certificates[0]")
            method = "certificate"
            identity = chain.leaf.subject.description
            rootName = root.subject.description
            var der = DER.Serializer()
            try der.serialize(root)
            rootDigest = AttestLedger.SHA256.hash(der.serializedBytes).description
        case (.publicKey, .certificateChain):
            throw IntegrationError.malformed(
                source, "verificationMaterial", "was signed with a certificate; give the trusted root with --root instead of --public-key")
        case (.rootCertificate, .publicKey):
            throw IntegrationError.malformed(
                source, "verificationMaterial", "was signed with a bare key; give the public key with --public-key instead of --root")
        }
        let envelope = bundle.envelope
        switch key.verifies(derSignature: envelope.signatures[0].sig, for: envelope.signedBytes) {
        case nil:
            throw IntegrationError.malformed(source, "dsseEnvelope.signatures[0].sig", "is not a DER-encoded ECDSA \(key.curve) signature")
        case false? where key.verifies(derSignature: envelope.signatures[0].sig, for: envelope.payload) == true:
            // Signed by the right key over the bare payload: a PAE mismatch, a malformed envelope.
            throw IntegrationError.malformed(
                source, "dsseEnvelope.signatures[0].sig",
                "signs the bare payload, not the DSSE pre-authentication encoding (DSSEv1 <type length> <type> <payload length> <payload>) it must sign"
            )
        case false?:
            throw IntegrationError(
                .refused,
                "\(source): the signature does not verify with the \(method == "key" ? "given key" : "signing certificate's key") over the envelope (DSSE PAE)"
            )
        case true?:
            break
        }
        let statement = try OMSStatement(payload: envelope.payload, source: source)
        guard statement.recomputedDigest == statement.digest else {
            throw IntegrationError(
                .refused,
                "\(source): the manifest's digest is sha256:\(statement.digest) but its files hash to sha256:\(statement.recomputedDigest)")
        }
        return Verified(method: method, identity: identity, curve: key.curve, root: rootName, rootDigest: rootDigest, statement: statement)
    }

    /// Compares a verified statement's files with a folder's.
    /// - Throws: `IntegrationError` (`.refused`) naming up to five differing paths.
    public static func compare(_ statement: OMSStatement, folder: URL, source: String) throws {
        let actual = try OMSManifest.files(of: folder, ignorePaths: statement.ignorePaths, allowSymlinks: statement.allowSymlinks)
        var signed: [String: String] = [:]
        for resource in statement.resources {
            guard signed.updateValue(resource.digest, forKey: resource.name) == nil else {
                throw IntegrationError.malformed(source, "dsseEnvelope.payload.predicate.resources", "lists \(resource.name) twice")
            }
        }
        var problems: [String] = []
        for path in OMSManifest.sorted(Set(actual.keys).union(signed.keys)) {
            switch (signed[path], actual[path]) {
            case (nil, _?): problems.append("\(path) is not in the signed manifest")
            case (_?, nil): problems.append("\(path) is signed but missing")
            case (let expected?, let found?) where expected != found:
                problems.append("\(path) changed (signed sha256:\(expected.prefix(12))…, found sha256:\(found.prefix(12))…)")
            default: break
            }
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(5).joined(separator: "; ")
            throw IntegrationError(
                .refused,
                "\(source) does not match the files of \(folder.lastPathComponent): \(shown)\(problems.count > 5 ? "; and \(problems.count - 5) more" : "")"
            )
        }
    }
}
