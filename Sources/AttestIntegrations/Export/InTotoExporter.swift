import AttestLedger
import AttestRegistry
import Foundation

/// Writes a model version's evaluations, gate outcomes and promotion decisions as in-toto
/// Statement v1 documents in DSSE envelopes, each with the inclusion proof of the entry it
/// restates and the checkpoint the proofs lead to (docs/attestations.md).
///
/// Every envelope is signed (Ed25519 over the DSSE PAE) by the exporting actor's key and, when
/// the actor who made the decision or evaluation attested it when they acted
/// (`attestation.signed`, ``ActAttestation``), first by that actor's key. docs/attestations.md
/// says who signs what, and why.
public struct InTotoExporter: Sendable {
    /// The registry read.
    public let registry: Registry

    /// Makes an exporter.
    public init(registry: Registry) { self.registry = registry }

    /// The entries the export restates: the version's `evaluation.recorded` and
    /// `promotion.decided` entries, ascending.
    /// - Throws: `IntegrationError` (`.badInput`) for an unknown model or version.
    public func entries(model: String, version: Int) throws -> [Entry] {
        _ = try versionInfo(model, version)
        return try registry.ledger.entries(types: [EventType.evaluationRecorded, EventType.promotionDecided]).filter {
            Self.names(model, version, $0)
        }
    }

    /// The tree size a checkpoint must have to cover the export made with `signer`.
    /// - Throws: `IntegrationError` for an unknown version or a key the ledger does not hold.
    public func neededSize(model: String, version: Int, signer: Signer) throws -> UInt64 {
        let last = try entries(model: model, version: version).last?.sequence ?? 0
        return max(last, try keyEntry(of: signer).sequence) + 1
    }

    /// Builds the export folder's files.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - signer: the exporting actor's key; it must be a valid key of the ledger.
    ///   - checkpoint: a signed checkpoint of the ledger covering ``neededSize(model:version:signer:)``.
    /// - Returns: the files, in name order.
    /// - Throws: `IntegrationError`: `.badInput` for an unknown version, a key the ledger does not
    ///   hold (or holds no longer), or a checkpoint that does not cover the entries.
    public func export(model: String, version: Int, signer: Signer, checkpoint: SignedCheckpoint) throws -> [ExportedFile] {
        let ledger = registry.ledger
        let info = try versionInfo(model, version)
        let keyEntry = try keyEntry(of: signer)
        let cited = try entries(model: model, version: version)
        let size = checkpoint.checkpoint.size
        guard checkpoint.checkpoint.origin == ledger.origin, checkpoint.note.isSigned(by: ledger.logKey) else {
            throw IntegrationError(.badInput, "the checkpoint is not a checkpoint of \(ledger.origin) signed by its log key")
        }
        guard max(cited.last?.sequence ?? 0, keyEntry.sequence) < size else {
            throw IntegrationError(
                .badInput, "the checkpoint (size \(size)) does not cover the entries; sign a newer one with 'attest checkpoint'")
        }
        let builder = StatementBuilder(
            origin: ledger.origin, model: model, version: version, subjects: try subjects(info, model: model, version: version))
        var files: [ExportedFile] = [
            ExportedFile(name: "log-key.vkey", bytes: Array((ledger.logKey.description + "\n").utf8)),
            ExportedFile(name: "checkpoint", bytes: Array(checkpoint.serialized.utf8)),
            ExportedFile(name: "signer.vkey", bytes: Array((signer.verifierKey.description + "\n").utf8)),
        ]
        for entry in cited + [keyEntry] {
            let proof = try ledger.inclusionProof(index: entry.sequence, checkpoint: checkpoint)
            files.append(ExportedFile(name: EntryCitation.proofFile(entry.sequence), bytes: Array(proof.serialized.utf8)))
        }
        let directory = try ledger.keyDirectory()
        var actorKeys: [String: Entry] = [:]
        func envelope(_ name: String, _ statement: Statement, actor: SignedStatement?) throws {
            let exported = DSSEEnvelope.signed(payload: statement.json, by: signer)
            guard let actor, let signature = actor.signatures.first, let sig = Data(base64Encoded: signature.sig).map(Array.init)
            else { return files.append(ExportedFile(name: name, bytes: exported.json)) }
            actorKeys[signature.keyid] = try self.keyEntry(fingerprint: signature.keyid, in: directory)
            if actor.statement == statement.json {
                // The actor signed this very statement when they acted: their signature first.
                var both = exported
                let own = DSSEEnvelope.Signature(keyID: signature.keyid, sig: sig)
                both.signatures = signature.keyid == exported.signatures[0].keyID ? [own] : [own] + exported.signatures
                files.append(ExportedFile(name: name, bytes: both.json))
            } else {
                // The statement restates more now (a model signature attached since): both, apart.
                files.append(ExportedFile(name: name, bytes: exported.json))
                let own = DSSEEnvelope(
                    payloadType: actor.payloadType, payload: actor.statement ?? [],
                    signatures: [DSSEEnvelope.Signature(keyID: signature.keyid, sig: sig)])
                files.append(ExportedFile(name: name.replacingOccurrences(of: ".dsse.json", with: ".actor.dsse.json"), bytes: own.json))
            }
        }
        let decoder = JSONDecoder()
        for entry in cited {
            let attested = try registry.attestation(of: entry.sequence)?.payload.envelopes ?? []
            func actor(_ index: Int) -> SignedStatement? { index < attested.count ? attested[index] : nil }
            switch entry.type {
            case EventType.promotionDecided:
                guard let decided = try? decoder.decode(PromotionDecided.self, from: Data(entry.payload)) else {
                    throw IntegrationError(.storage, "entry \(entry.sequence) (promotion.decided) does not decode; run 'attest verify'")
                }
                try envelope("entry-\(entry.sequence).decision.vsa.dsse.json", builder.verificationSummary(entry, decided), actor: actor(0))
                try envelope("entry-\(entry.sequence).gates.test-result.dsse.json", builder.testResult(entry, decided), actor: actor(1))
            default:
                guard let statement = builder.evaluation(entry) else {
                    throw IntegrationError(.storage, "entry \(entry.sequence) (evaluation.recorded) does not decode; run 'attest verify'")
                }
                try envelope("entry-\(entry.sequence).evaluation.dsse.json", statement, actor: actor(0))
            }
        }
        // Each actor's key, and the proof of the entry that introduced it.
        for (keyid, introduced) in actorKeys where keyid != signer.verifierKey.fingerprint.hex {
            guard let key = directory.records.first(where: { $0.key.hex == keyid })?.value.key else { continue }
            files.append(ExportedFile(name: "actor-\(keyid.prefix(16)).vkey", bytes: Array((key.description + "\n").utf8)))
            if !files.contains(where: { $0.name == EntryCitation.proofFile(introduced.sequence) }) {
                let proof = try ledger.inclusionProof(index: introduced.sequence, checkpoint: checkpoint)
                files.append(ExportedFile(name: EntryCitation.proofFile(introduced.sequence), bytes: Array(proof.serialized.utf8)))
            }
        }
        return files.sorted { $0.name < $1.name }
    }

    /// The subjects: every registered artifact by digest, and the OMS manifest of every verified
    /// model signature (the same name and digest as the signature's own subject) recorded before
    /// entry `end` (every one when `nil`).
    /// - Parameter evidence: the ledger's `evidence.attached` entries, when the caller read them
    ///   already (`attest verify` rebuilds many statements).
    func subjects(
        _ info: VersionInfo, model: String, version: Int, before end: UInt64? = nil, evidence: [Entry]? = nil
    ) throws -> [ResourceDescriptor] {
        var subjects = info.registration.artifacts.compactMap { ResourceDescriptor.attestDigest($0.digest, name: $0.name) }
        let decoder = JSONDecoder()
        for entry in try evidence ?? registry.ledger.entries(types: [EventType.evidenceAttached])
        where Self.names(model, version, entry) && entry.sequence < end ?? UInt64.max {
            guard let record = (try? decoder.decode(ModelSignatureEvidence.self, from: Data(entry.payload)))?.signature,
                var descriptor = ResourceDescriptor.attestDigest(record.manifestDigest, name: record.manifestName)
            else { continue }
            descriptor.annotations = ["attest.oms.entry": .integer(Int64(entry.sequence))]
            if !subjects.contains(where: { $0.digest == descriptor.digest }) { subjects.append(descriptor) }
        }
        return subjects
    }

    /// The entry that introduced the key with fingerprint `keyid` (lowercase hex).
    func keyEntry(fingerprint keyid: String, in directory: KeyDirectory) throws -> Entry {
        guard let record = directory.records.first(where: { $0.key.hex == keyid })?.value else {
            throw IntegrationError(
                .storage, "key \(keyid.prefix(16))… signed an attestation but is no key of this ledger; run 'attest verify'")
        }
        return try registry.ledger.entry(at: record.validFrom == 0 ? 0 : record.validFrom - 1)
    }

    /// The entry that introduced the signer's key.
    func keyEntry(of signer: Signer) throws -> Entry {
        let directory = try registry.ledger.keyDirectory()
        guard let record = directory.records[signer.verifierKey.fingerprint], record.validThrough == nil else {
            throw IntegrationError(
                .badInput,
                "key \(signer.verifierKey) is not a valid key of this ledger; sign the export as an actor of the ledger (--as NAME)")
        }
        return try registry.ledger.entry(at: record.validFrom == 0 ? 0 : record.validFrom - 1)
    }

    func versionInfo(_ model: String, _ version: Int) throws -> VersionInfo {
        let info: ModelInfo
        do { info = try registry.model(model) } catch let error as RegistryError {
            throw IntegrationError(.badInput, error.message)
        }
        guard let found = info.versions.first(where: { $0.version == version }) else {
            throw IntegrationError(
                .badInput,
                "\(model) has no version \(version); its versions are \(info.versions.map { "v\($0.version)" }.joined(separator: ", "))")
        }
        return found
    }

    static func names(_ model: String, _ version: Int, _ entry: Entry) -> Bool {
        ActAttestation.concerns(entry, model: model, version: version)
    }
}
