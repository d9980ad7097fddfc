import AttestIntegrations
import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestWitness
import Foundation

/// Runs an act's registry command with a session's remote signer: the same command, with the
/// same checks (authority, policy, gates), as a local `attest` runs.
struct ActRunner: Sendable {
    let registry: Registry
    let serviceSigner: Signer?
    /// The log key, on a server started with `--sign-checkpoints` (`bundle.export` needs it).
    var logSigner: Signer? = nil
    /// Seconds to wait for each witness (`bundle.export` has its checkpoint cosigned).
    var witnessTimeout: TimeInterval = 5

    /// Runs the act; the session's signer signs every entry.
    /// - Returns: the act's result fields.
    /// - Throws: what the command throws.
    func run(_ known: ActRequest.Act, _ act: ActRequest, signer: Signer) throws -> [String: JSONValue] {
        switch known {
        case .actorAdd:
            let key = try VerifierKey(parsing: act.key!)
            try registry.addActor(act.actor!, kind: act.kind ?? "person", publicKey: key, roles: act.roles ?? [], by: signer)
            return ["actor": .string(act.actor!)]
        case .roleGrant:
            try registry.grantRole(act.role!, to: act.actor!, by: signer)
            return ["actor": .string(act.actor!), "role": .string(act.role!)]
        case .modelCreate:
            try registry.createModel(
                act.model!, owner: act.owner!, purpose: act.purpose!, riskTier: try AttestPolicy.RiskTier(parsing: act.riskTier!),
                tags: act.tags ?? [:], mlflow: act.mlflowModel, by: signer)
            return ["model": .string(act.model!)]
        case .modelRegister:
            var request = VersionRequest(
                artifacts: [], params: act.params ?? [:], metrics: act.metrics ?? [:], parent: act.parent, framework: act.framework,
                description: act.description)
            request.environment = act.environmentRecord
            request.mlflow = act.mlflowModelVersion
            let version = try registry.registerVersion(
                act.model!, artifacts: act.artifacts!, datasets: act.datasets ?? [], code: act.code, request: request, by: signer)
            return ["model": .string(act.model!), "version": .integer(Int64(version))]
        case .approve, .reject:
            let stage = try AttestPolicy.Stage(parsing: act.stage!)
            let entry: UInt64
            if known == .approve {
                entry = try registry.approve(act.model!, version: act.version!, for: stage, comment: act.comment, by: signer)
            } else {
                entry = try registry.reject(act.model!, version: act.version!, for: stage, comment: act.comment, by: signer)
            }
            return ["entry": .integer(Int64(entry)), "verdict": .string(known.rawValue)]
        case .promote:
            return try promote(act, signer: signer)
        case .deploy:
            try registry.deploy(act.model!, version: act.version!, environment: act.environment!, traffic: act.traffic ?? 100, by: signer)
            return ["model": .string(act.model!), "version": .integer(Int64(act.version!)), "environment": .string(act.environment!)]
        case .aliasSet:
            try registry.setAlias(act.alias!, model: act.model!, version: act.version!, by: signer)
            return ["alias": .string(act.alias!)]
        case .evidenceAttach:
            return try attachEvidence(act, signer: signer)
        case .policyPublish:
            let files = try act.policyFiles!.map { file in
                guard let bytes = Data(base64Encoded: file.content) else {
                    throw ServerError(.badInput, "policy file '\(file.path)': content is not base64")
                }
                return PolicySourceFile(path: file.path, bytes: bytes)
            }
            let info: PolicySetInfo
            do { info = try registry.publishPolicySet(files, by: signer) } catch let error as RegistryError
                where error.code == .alreadyExists
            {
                // As locally: publishing the set in force or pending records nothing and is not a failure.
                return ["published": .bool(false), "message": .string(error.message)]
            }
            return ["entry": .integer(Int64(info.entry)), "hash": .string(info.hash), "info": try JSONValue(encoding: info)]
        case .policyApprove:
            let info = try registry.approvePolicySet(publication: act.publication, comment: act.comment, by: signer)
            return ["entry": .integer(Int64(info.entry)), "hash": .string(info.hash), "info": try JSONValue(encoding: info)]
        case .evaluate:
            return try evaluate(act, signer: signer)
        case .roleRevoke:
            try registry.revokeRole(act.role!, from: act.actor!, by: signer)
            return ["actor": .string(act.actor!), "role": .string(act.role!)]
        case .actorDeactivate:
            try registry.deactivateActor(act.actor!, reason: act.reason!, by: signer)
            return ["actor": .string(act.actor!)]
        case .approvalWithdraw:
            let entry = try registry.withdrawReview(
                act.model!, version: act.version!, for: try AttestPolicy.Stage(parsing: act.stage!), by: signer)
            return ["entry": .integer(Int64(entry))]
        case .aliasRemove:
            try registry.removeAlias(act.alias!, model: act.model!, by: signer)
            return ["alias": .string(act.alias!)]
        case .versionDeprecate:
            try registry.deprecate(act.model!, version: act.version!, reason: act.reason!, by: signer)
            return ["model": .string(act.model!), "version": .integer(Int64(act.version!))]
        case .versionRetire:
            try registry.retire(act.model!, version: act.version!, reason: act.reason!, by: signer)
            return ["model": .string(act.model!), "version": .integer(Int64(act.version!))]
        case .roleDefine:
            try registry.defineRole(act.role!, description: act.description!, by: signer)
            return ["role": .string(act.role!)]
        case .modelScope:
            let entry = try registry.recordScoping(act.scoping!, by: signer)
            return ["entry": .integer(Int64(entry))]
        case .monitor:
            return try monitor(act, signer: signer)
        case .witnessAdd, .witnessRemove:
            let current = try registry.witnesses() ?? WitnessesSet(witnesses: [], quorum: 0)
            let next =
                known == .witnessAdd
                ? try current.adding(key: act.key!, url: act.url!, quorum: act.quorum)
                : try current.removing(name: act.witness!, quorum: act.quorum)
            try registry.setWitnesses(next, by: signer)
            return ["list": try JSONValue(encoding: next)]
        case .mlflowAliasRevert:
            let entry = try registry.recordAliasReverted(act.aliasReverted!, by: signer)
            return ["model": .string(act.model!), "entry": .integer(Int64(entry))]
        case .bundleExport:
            guard let logSigner else {
                throw ServerError(
                    .system,
                    "this server does not hold the log key, so it cannot sign the checkpoint of an export index; start it with --sign-checkpoints"
                )
            }
            let recorded = try registry.recordExport(model: act.model!, version: act.version!, by: signer, checkpointSignedBy: logSigner)
            // The witnesses cosign that very checkpoint, as 'attest export --as' has them do
            // (this thread is the act's own, not Swift's cooperative pool).
            var checkpoint = recorded.checkpoint
            if let list = try Registry.witnesses(in: registry.ledger), !list.witnesses.isEmpty {
                let targets = list.witnesses.compactMap { witness -> CheckpointCosigner.Target? in
                    guard let url = URL(string: witness.url), let key = try? witness.witnessKey() else { return nil }
                    return CheckpointCosigner.Target(key: key, url: url)
                }
                checkpoint =
                    try CheckpointCosigner.cosignBlocking(
                        checkpoint, ledger: registry.ledger, witnesses: targets, quorum: list.quorum, timeout: witnessTimeout
                    ).checkpoint
            }
            return ["entry": .integer(Int64(recorded.entry.sequence)), "checkpoint": .string(checkpoint.serialized)]
        case .keyRotate:
            guard let key = try? VerifierKey(parsing: act.key!) else {
                throw RegistryError(.badInput, "key '\(act.key!.prefix(80))' is not a verifier key (name+keyid+base64)")
            }
            guard let proof = Data(base64Encoded: act.newKeySignature!) else {
                throw RegistryError(.badInput, "newKeySignature is not base64")
            }
            try registry.rotateKey(from: signer, to: key, possession: Array(proof))
            return ["key": .string(key.description)]
        case .attestationRecord:
            let recorded = try registry.recordAttestation(
                model: act.model!, version: act.version!, entry: act.entry!, envelopes: act.envelopes!,
                statementsMatch: ActAttestation.statementsMatch(registry), by: signer)
            return ["entry": .integer(Int64(recorded.sequence))]
        }
    }

    private func promote(_ act: ActRequest, signer: Signer) throws -> [String: JSONValue] {
        let stage = try AttestPolicy.Stage(parsing: act.stage!)
        let override = act.override.map { OverrideRequest(rules: $0, justification: act.justification ?? "") }
        let outcome = try registry.promote(act.model!, version: act.version!, to: stage, override: override, by: signer)
        return [
            "decision": .integer(Int64(outcome.entry)), "result": .string(outcome.record.result),
            "stageChanges": .array(outcome.stageChanges.map { .integer(Int64($0)) }),
            "archived": .array(outcome.archived.map { .integer(Int64($0)) }),
        ]
    }

    private func evaluate(_ act: ActRequest, signer: Signer) throws -> [String: JSONValue] {
        let spec =
            act.evaluation
            ?? EvaluationSpec(label: act.label!, prediction: act.prediction!, score: act.score, sensitive: act.sensitive ?? [])
        let format: TableFormat? = act.format.map { $0 == "csv" ? .csv : .jsonLines }
        let outcome = try withUpload(act) { file in
            try registry.evaluate(
                model: act.model!, version: act.version!, file: file, format: format, spec: spec, datasetRole: act.datasetRole ?? "test",
                by: signer)
        }
        return ["entry": .integer(Int64(outcome.entry ?? 0))]
    }

    private func monitor(_ act: ActRequest, signer: Signer) throws -> [String: JSONValue] {
        let format: TableFormat? = act.format.map { $0 == "csv" ? .csv : .jsonLines }
        var reference = act
        reference.fileName = act.referenceName
        reference.content = act.referenceContent
        // Each upload in a folder of its own: the two files may have the same name.
        let outcome = try withUpload(reference) { referenceFile in
            try withUpload(act) { currentFile in
                try registry.monitor(
                    model: act.model!, version: act.version!, reference: referenceFile, current: currentFile, columns: act.columns ?? [],
                    format: format, by: signer)
            }
        }
        return ["entry": .integer(Int64(outcome.entry ?? 0))]
    }

    private func attachEvidence(_ act: ActRequest, signer: Signer) throws -> [String: JSONValue] {
        let entry = try withUpload(act) { file in
            try registry.attachEvidence(
                act.model!, version: act.version!, kind: act.evidenceKind!, file: file, store: act.store ?? false, by: signer)
        }
        return ["entry": .integer(Int64(entry))]
    }

    /// Writes the uploaded file (`fileName`, `content`) to a private folder for `body`, then removes it.
    private func withUpload<T>(_ act: ActRequest, _ body: (URL) throws -> T) throws -> T {
        guard let bytes = Data(base64Encoded: act.content!) else { throw ServerError(.badInput, "content is not base64") }
        let name = act.fileName!
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0"), name.utf8.count <= 255 else {
            throw ServerError(.badInput, "fileName '\(name.prefix(80))' must be a plain file name")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try bytes.write(to: file)
        do { return try body(file) } catch let error as MetricsError {
            // A malformed upload is bad input; the message names the file as the client named it.
            var message = error.description.replacingOccurrences(of: folder.path + "/", with: "")
            if let tag = message.range(of: "error: ") { message.removeSubrange(tag) }
            throw ServerError(.badInput, message)
        }
    }

    /// Records, with the server's service key, a refusal the refused client would not sign.
    /// - Returns: the entry, or `nil` without a service key.
    func recordUnsignedRefusal(_ refusal: ActionRefused, caller: Caller) throws -> UInt64? {
        guard let serviceSigner else { return nil }
        var record = refusal
        record.actor = caller.name
        record.request = caller.requestDigest
        let entry = try registry.ledger.write { writer in
            try writer.append(try EntryDraft(type: EventType.actionRefused, encoding: record), signer: serviceSigner)
        }
        return entry.sequence
    }
}
