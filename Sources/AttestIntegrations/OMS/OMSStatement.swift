import AttestLedger

/// The in-toto statement inside an OMS signature: the model's name and manifest digest (the
/// subject), how the manifest was made (`serialization`) and every file with its SHA-256
/// (`resources`), as model-signing v1.0 writes them (predicate `https://model_signing/signature/v1.0`).
public struct OMSStatement: Sendable, Equatable {
    /// One file of the manifest.
    public struct Resource: Sendable, Equatable {
        /// The path relative to the model folder, `/`-separated.
        public var name: String
        /// The SHA-256, lowercase hex.
        public var digest: String
    }

    /// The subject's name (the model folder's name when signed).
    public var name: String
    /// The subject's digest: SHA-256 (hex) over the resources' digests in order.
    public var digest: String
    /// Whether symbolic links were followed.
    public var allowSymlinks: Bool
    /// Paths left out of the manifest, relative to the model folder.
    public var ignorePaths: [String]
    /// The files, in the signed order.
    public var resources: [Resource]

    /// Reads the statement from the envelope's payload.
    /// - Throws: `IntegrationError` (`.badInput`) naming the field for a statement that is not an
    ///   OMS v1.0 manifest of the `files` method with SHA-256 (the shard method, other hashes and
    ///   the v0.1 compatibility form are reported as unsupported).
    public init(payload: [UInt8], source: String) throws {
        let prefix = "dsseEnvelope.payload"
        guard let json = JSONValue(parsing: payload), let members = json.objectValue else {
            throw IntegrationError.malformed(source, prefix, "is not a JSON object")
        }
        let top = FieldReader(source: source, members: members, prefix: prefix + ".")
        let type = try top.string("_type")
        guard type == Statement.type else {
            throw IntegrationError.malformed(
                source, prefix + "._type", "is '\(ModelSignatureBundle.clip(type))'; expected \(Statement.type)")
        }
        let predicateType = try top.string("predicateType")
        guard predicateType == PredicateTypes.modelSignature else {
            throw IntegrationError.malformed(
                source, prefix + ".predicateType",
                "is '\(ModelSignatureBundle.clip(predicateType))'; Attest reads \(PredicateTypes.modelSignature) (re-sign with model-signing 1.x)"
            )
        }
        let subjects = try top.array("subject")
        guard subjects.count == 1, let subject = subjects[0].objectValue else {
            throw IntegrationError.malformed(source, prefix + ".subject", "must hold exactly one subject, the model")
        }
        let subjectReader = FieldReader(source: source, members: subject, prefix: prefix + ".subject[0].")
        name = try subjectReader.string("name")
        digest = try Self.hex(try subjectReader.object("digest").string("sha256"), source, prefix + ".subject[0].digest.sha256")
        let predicate = try top.object("predicate")
        let serialization = try predicate.object("serialization")
        let method = try serialization.string("method")
        guard method == "files" else {
            throw IntegrationError.malformed(
                source, prefix + ".predicate.serialization.method",
                "is '\(ModelSignatureBundle.clip(method))'; Attest recomputes manifests of the 'files' method (sign with model-signing's default file serialization)"
            )
        }
        let hashType = try serialization.string("hash_type")
        guard hashType == "sha256" else {
            throw IntegrationError.malformed(
                source, prefix + ".predicate.serialization.hash_type",
                "is '\(ModelSignatureBundle.clip(hashType))'; Attest recomputes SHA-256 manifests")
        }
        allowSymlinks = try serialization.bool("allow_symlinks")
        ignorePaths = try (serialization.members["ignore_paths"]?.arrayValue ?? []).enumerated().map { index, item in
            guard let path = item.stringValue else {
                throw IntegrationError.malformed(source, prefix + ".predicate.serialization.ignore_paths[\(index)]", "is not a string")
            }
            return path
        }
        let list = try predicate.array("resources")
        guard list.count <= 1_000_000 else {
            throw IntegrationError.malformed(source, prefix + ".predicate.resources", "lists more than 1,000,000 files")
        }
        resources = try list.enumerated().map { index, item in
            let path = "\(prefix).predicate.resources[\(index)]"
            guard let object = item.objectValue else { throw IntegrationError.malformed(source, path, "is not a JSON object") }
            let reader = FieldReader(source: source, members: object, prefix: path + ".")
            let algorithm = try reader.string("algorithm")
            guard algorithm == "sha256" else {
                throw IntegrationError.malformed(
                    source, path + ".algorithm", "is '\(ModelSignatureBundle.clip(algorithm))'; expected sha256")
            }
            return Resource(name: try reader.string("name"), digest: try Self.hex(try reader.string("digest"), source, path + ".digest"))
        }
    }

    /// SHA-256 over the resources' digests in the signed order: what `digest` must be.
    public var recomputedDigest: String {
        var hasher = AttestLedger.SHA256()
        for resource in resources { hasher.update(Digest(hex: resource.digest)?.bytes ?? []) }
        return hasher.finalize().hex
    }

    static func hex(_ text: String, _ source: String, _ field: String) throws -> String {
        guard text.utf8.count == 64, text.allSatisfy(\.isHexDigit) else {
            throw IntegrationError.malformed(source, field, "is not a SHA-256 digest (64 hex digits)")
        }
        return text.lowercased()
    }
}
