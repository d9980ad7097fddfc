import AttestLedger
import Foundation

/// An OMS model signature file (OpenSSF model signing, the `model-signing` package): a Sigstore
/// bundle v0.3 in JSON whose `dsseEnvelope` carries the in-toto statement of the model's manifest.
///
/// Attest reads the two traditional forms: `verificationMaterial.publicKey` (signed with a key)
/// and `verificationMaterial.x509CertificateChain` (signed with a certificate, leaf first). A
/// keyless bundle (a Fulcio `certificate` with Rekor `tlogEntries`) is refused as input Attest
/// cannot verify offline (docs/attestations.md, "Sigstore keyless bundles").
public struct ModelSignatureBundle: Sendable {
    /// The bundle media types Attest reads.
    public static let mediaTypes: Set<String> = [
        "application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.dev.sigstore.bundle+json;version=0.3",
    ]
    /// The largest signature file read: 8 MiB (its bytes are stored in the entry, base64).
    public static let maximumBytes = 8 << 20

    /// How the signer is identified.
    public enum Material: Sendable, Equatable {
        /// A public key, named by the SHA-256 (hex) of its PEM text when the signer recorded it.
        case publicKey(hint: String?)
        /// DER certificates, the signing certificate first.
        case certificateChain([[UInt8]])
    }

    /// The signer's material.
    public let material: Material
    /// The envelope.
    public let envelope: DSSEEnvelope

    /// Parses a signature file.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - source: its name, for errors.
    /// - Throws: `IntegrationError` (`.badInput`) naming the field: not JSON, another media type, a
    ///   keyless bundle, a payload type other than in-toto, not exactly one signature, bad base64.
    public init(bytes: [UInt8], source: String) throws {
        guard bytes.count <= Self.maximumBytes else {
            throw IntegrationError(
                .badInput, "\(source) is \(bytes.count) bytes; a model signature holds at most \(Self.maximumBytes) bytes")
        }
        guard let json = JSONValue(parsing: bytes), let members = json.objectValue else {
            throw IntegrationError.malformed(source, "(top)", "is not a JSON object; expected a Sigstore bundle written by model-signing")
        }
        let top = FieldReader(source: source, members: members, prefix: "")
        let mediaType = try top.string("mediaType")
        guard Self.mediaTypes.contains(mediaType) else {
            throw IntegrationError.malformed(
                source, "mediaType", "is '\(Self.clip(mediaType))'; expected application/vnd.dev.sigstore.bundle.v0.3+json")
        }
        let materialReader = try top.object("verificationMaterial")
        let tlogEntries = materialReader.members["tlogEntries"]?.arrayValue ?? []
        if !tlogEntries.isEmpty || materialReader.members["certificate"] != nil {
            throw IntegrationError.malformed(
                source, "verificationMaterial",
                "is a Sigstore keyless bundle (Fulcio certificate and Rekor entries), which Attest does not verify offline; see docs/attestations.md#sigstore-keyless-bundles"
            )
        }
        if let chain = try materialReader.optionalObject("x509CertificateChain") {
            let list = try chain.array("certificates")
            guard !list.isEmpty, list.count <= 10 else {
                throw IntegrationError.malformed(
                    source, "verificationMaterial.x509CertificateChain.certificates", "must hold 1 to 10 certificates")
            }
            material = .certificateChain(
                try list.enumerated().map { index, item in
                    let path = "verificationMaterial.x509CertificateChain.certificates[\(index)]"
                    guard let object = item.objectValue else { throw IntegrationError.malformed(source, path, "is not a JSON object") }
                    let raw = try FieldReader(source: source, members: object, prefix: path + ".").string("rawBytes")
                    return try StrictBase64.decode(raw, source: source, field: path + ".rawBytes")
                })
        } else if let key = try materialReader.optionalObject("publicKey") {
            let hint = try key.optionalString("hint")
            if let hint, hint.count != 64 || !hint.allSatisfy(\.isHexDigit) {
                throw IntegrationError.malformed(
                    source, "verificationMaterial.publicKey.hint", "is not 64 hex digits (the SHA-256 of the key's PEM)")
            }
            material = .publicKey(hint: hint?.lowercased())
        } else {
            throw IntegrationError.malformed(source, "verificationMaterial", "has neither publicKey nor x509CertificateChain")
        }
        let envelope = try DSSEEnvelope(json: try top.value("dsseEnvelope"), source: source, field: "dsseEnvelope")
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            throw IntegrationError.malformed(
                source, "dsseEnvelope.payloadType", "is '\(Self.clip(envelope.payloadType))'; expected \(DSSEEnvelope.inTotoPayloadType)")
        }
        guard envelope.signatures.count == 1 else {
            throw IntegrationError.malformed(
                source, "dsseEnvelope.signatures", "holds \(envelope.signatures.count) signatures; a model signature has exactly one")
        }
        self.envelope = envelope
    }

    /// At most 80 characters of untrusted text, for a message.
    static func clip(_ text: String) -> String {
        let visible = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return visible.count > 80 ? String(visible.prefix(80)) + "…" : visible
    }
}
