import AttestLedger
import AttestRegistry
import Foundation

/// `evidence attach M V --kind model_signature`: verifies an OMS signature against the folder
/// registered as the version's artifact and records it as evidence with who signed.
public struct ModelSignatureAttacher: Sendable {
    /// The registry written.
    public let registry: Registry

    /// Makes an attacher.
    public init(registry: Registry) { self.registry = registry }

    /// Verifies and records a model signature.
    ///
    /// Malformed input (an unreadable or malformed signature file, key or root, an expired
    /// certificate, an unknown version) records nothing. A well-formed signature that does not
    /// verify, does not chain to the root, or does not match the registered files is refused and
    /// the refusal recorded (`action.refused`).
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - signatureFile: the OMS signature (`model.sig`).
    ///   - artifact: the model folder on disk; its Attest digest must be one of the version's artifacts.
    ///   - trust: the key or root the signature must be made with.
    ///   - signer: a data scientist, validator or admin.
    ///   - now: the time certificates must be valid at.
    /// - Returns: the `evidence.attached` entry and what was verified.
    /// - Throws: `IntegrationError` (`.badInput`, or `.refused` after recording the refusal);
    ///   `RegistryError` for an unknown model or a missing role.
    @discardableResult
    public func attach(
        _ model: String, version: Int, signatureFile: URL, artifact: URL, trust: ModelSignatureVerifier.Trust, by signer: Signer,
        now: Date = Date()
    ) throws -> (entry: UInt64, record: ModelSignatureRecord) {
        let source = signatureFile.lastPathComponent
        let bytes = try Self.read(signatureFile)
        let bundle = try ModelSignatureBundle(bytes: bytes, source: source)
        let info = try registry.model(model)
        guard let versionInfo = info.versions.first(where: { $0.version == version }) else {
            throw IntegrationError(
                .badInput,
                "\(model) has no version \(version); its versions are \(info.versions.map { "v\($0.version)" }.joined(separator: ", "))")
        }
        let target = Registry.Target("\(model) v\(version)", model: model, version: version)
        let record: ModelSignatureRecord
        do {
            let verified = try ModelSignatureVerifier(trust: trust, time: now).verifySignature(bundle, source: source)
            let folder = try FileDigester.record(for: artifact)
            guard folder.isFolder == true, let registered = versionInfo.registration.artifacts.first(where: { $0.digest == folder.digest })
            else {
                throw IntegrationError(
                    .refused,
                    "\(artifact.lastPathComponent) (\(folder.digest)) is not a folder registered as an artifact of \(model) v\(version) (registered: \(versionInfo.registration.artifacts.map { "\($0.name) \($0.digest)" }.joined(separator: ", ")))"
                )
            }
            try ModelSignatureVerifier.compare(verified.statement, folder: artifact, source: source)
            record = verified.record(artifactDigest: registered.digest, anchor: trust.pem)
        } catch let error as IntegrationError where error.code == .refused {
            // The refusal is recorded, then rethrown by `perform`; a failure to record it is not a
            // refusal and goes to the caller (storage, exit 3).
            do {
                _ = try registry.perform("evidence.attach", target: target, by: signer) { _, _ -> UInt64 in
                    throw RegistryError(.refused, "model signature refused: \(error.message)")
                }
            } catch let recorded as RegistryError where recorded.code == .refused {}
            throw error
        } catch let error as RegistryError {
            throw IntegrationError(error.code == .refused ? .refused : .badInput, error.message)
        }
        let event = ModelSignatureEvidence(
            model: model, version: version,
            file: EvidenceFile(name: source, digest: AttestLedger.SHA256.hash(bytes).description, size: Int64(bytes.count)),
            content: Data(bytes).base64EncodedString(), signature: record)
        let entry = try registry.perform("evidence.attach", target: target, by: signer) { writer, acting in
            try acting.require(anyOf: Registry.evidenceAuthors, to: "attach evidence")
            guard versionInfo.status != "retired" else { throw RegistryError(.refused, "\(model) v\(version) is retired") }
            return try writer.append(try EntryDraft(type: EventType.evidenceAttached, encoding: event), signer: signer).sequence
        }
        return (entry, record)
    }

    static func read(_ url: URL) throws -> [UInt8] {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
        guard let size else { throw IntegrationError(.badInput, "\(url.path): cannot read the file") }
        guard size <= ModelSignatureBundle.maximumBytes else {
            throw IntegrationError(
                .badInput,
                "\(url.lastPathComponent) is \(size) bytes; a model signature holds at most \(ModelSignatureBundle.maximumBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IntegrationError(.badInput, "\(url.path): cannot read the file")
        }
        return Array(data)
    }
}
