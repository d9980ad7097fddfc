import AttestRegistry

/// Who signed a model and what, as verified by Attest when the signature was attached
/// (`evidence attach --kind model_signature`).
public struct ModelSignatureRecord: Codable, Sendable, Equatable {
    /// `key` (a public key given to Attest) or `certificate` (a chain to a given root).
    public var method: String
    /// The identity that signed: for `key`, `sha256:<hex>` of the public key's PEM text (the OMS
    /// key hint); for `certificate`, the leaf certificate's subject (RFC 4514 text).
    public var identity: String
    /// The signing key's curve: `P-256` or `P-384`.
    public var curve: String
    /// For `certificate`, the root's subject.
    public var root: String?
    /// For `certificate`, `sha256:<hex>` of the root certificate's DER: what a `required_signature`
    /// rule's `root` names (a subject alone can be copied into a self-made root).
    public var rootDigest: String?
    /// The signed statement's subject name (the model folder's name when signed).
    public var manifestName: String
    /// `sha256:<hex>`: the OMS manifest digest (the signed statement's subject digest).
    public var manifestDigest: String
    /// The registered artifact the manifest was recomputed from (`sha256:<hex>`, Attest's folder digest).
    public var artifactDigest: String
    /// How many files the manifest lists.
    public var files: Int
    /// The trust anchor the signature was verified with: the public key or root certificate, PEM,
    /// so an auditor can verify the stored bundle again.
    public var anchor: String

    /// Makes a record.
    public init(
        method: String, identity: String, curve: String, root: String?, rootDigest: String?, manifestName: String, manifestDigest: String,
        artifactDigest: String, files: Int, anchor: String
    ) {
        self.method = method
        self.identity = identity
        self.curve = curve
        self.root = root
        self.rootDigest = rootDigest
        self.manifestName = manifestName
        self.manifestDigest = manifestDigest
        self.artifactDigest = artifactDigest
        self.files = files
        self.anchor = anchor
    }
}

/// The payload of an `evidence.attached` entry of kind `model_signature`: the fields every
/// evidence entry has (`EvidenceAttached`), the signature bundle's bytes, and `signature`, what
/// Attest verified. Readers that know only `EvidenceAttached` read it as ordinary evidence.
public struct ModelSignatureEvidence: Codable, Sendable, Equatable {
    /// The evidence kind these entries have.
    public static let kind = Registry.modelSignatureKind

    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// Always `model_signature`.
    public var kind: String
    /// The signature file.
    public var file: EvidenceFile
    /// The signature bundle's bytes, base64.
    public var content: String?
    /// `application/json`.
    public var mediaType: String?
    /// What was verified.
    public var signature: ModelSignatureRecord?

    /// Makes the payload.
    public init(model: String, version: Int, file: EvidenceFile, content: String, signature: ModelSignatureRecord) {
        self.model = model
        self.version = version
        self.kind = Self.kind
        self.file = file
        self.content = content
        self.mediaType = "application/json"
        self.signature = signature
    }
}
