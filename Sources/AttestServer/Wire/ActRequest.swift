public import AttestMetrics
public import AttestRegistry
public import Foundation

/// What a client of `attest serve` asks the server to do on its behalf (`POST /v1/acts`,
/// protocol `attest-append/1`, docs/api.md). One JSON object; `act` names the act and decides
/// which other fields it needs. The server runs the same registry command as a local `attest`
/// and proposes each entry for the client to sign.
public struct ActRequest: Codable, Sendable, Equatable {
    /// The act: one of ``Act``'s raw values.
    public var act: String
    /// The model (most acts).
    public var model: String?
    /// The version (approve, reject, promote, deploy, alias.set, evidence.attach).
    public var version: Int?
    /// The target stage (approve, reject, promote).
    public var stage: String?
    /// A comment for the record (approve, reject, policy.approve).
    public var comment: String?
    /// The actor added or granted (actor.add, role.grant).
    public var actor: String?
    /// The new actor's verifier key (actor.add).
    public var key: String?
    /// The new actor's kind, `person` or `service` (actor.add).
    public var kind: String?
    /// Roles (actor.add).
    public var roles: [String]?
    /// A role (role.grant).
    public var role: String?
    /// Owner, purpose and risk tier (model.create).
    public var owner: String?
    /// The model's purpose (model.create).
    public var purpose: String?
    /// The risk tier (model.create).
    public var riskTier: String?
    /// Free tags (model.create).
    public var tags: [String: String]?
    /// Artifact records, hashed by the client (model.register).
    public var artifacts: [FileRecord]?
    /// Dataset records with roles (model.register).
    public var datasets: [FileRecord]?
    /// The code reference (model.register).
    public var code: CodeReference?
    /// Typed parameters (model.register).
    public var params: [String: TypedValue]?
    /// Typed metrics (model.register).
    public var metrics: [String: TypedValue]?
    /// The parent version (model.register).
    public var parent: Int?
    /// The framework (model.register).
    public var framework: String?
    /// A description (model.register).
    public var description: String?
    /// The software environment recorded with the version (model.register; `environment` is
    /// deploy's environment name).
    public var environmentRecord: EnvironmentRecord?
    /// The MLflow registered model the model is imported from (model.create, `attest mlflow import`).
    public var mlflowModel: MLflowModelLink?
    /// The MLflow model version the version is imported from (model.register, `attest mlflow import`).
    public var mlflowModelVersion: MLflowVersionLink?
    /// The alias moved back in MLflow, as recorded (mlflow.alias.revert, `attest mlflow audit
    /// --enforce`); `model` must be its model.
    public var aliasReverted: MLflowAliasReverted?
    /// Rule ids to override (promote, break-glass).
    public var override: [String]?
    /// Why (promote with override).
    public var justification: String?
    /// The environment (deploy).
    public var environment: String?
    /// The traffic share in percent (deploy).
    public var traffic: Double?
    /// The alias (alias.set).
    public var alias: String?
    /// The evidence kind (evidence.attach).
    public var evidenceKind: String?
    /// The document's file name (evidence.attach).
    public var fileName: String?
    /// The document, base64 (evidence.attach).
    public var content: String?
    /// Keep the document's bytes in the entry (evidence.attach).
    public var store: Bool?
    /// Why (actor.deactivate, version.deprecate, version.retire).
    public var reason: String?
    /// The regulatory scoping recorded (model.scope).
    public var scoping: ModelScoped?
    /// The reference file's name (monitor; the current file is `fileName`, `content`).
    public var referenceName: String?
    /// The reference file, base64 (monitor).
    public var referenceContent: String?
    /// The columns to compare (monitor; default every column in both files).
    public var columns: [String]?
    /// The witness's submission prefix (witness.add; `key` is its verifier key).
    public var url: String?
    /// The witness's key name (witness.remove).
    public var witness: String?
    /// The quorum after the change (witness.add, witness.remove; default as the command's).
    public var quorum: Int?
    /// The policy files, path and base64 bytes (policy.publish).
    public var policyFiles: [PolicySourceFileWire]?
    /// The publication approved (policy.approve; default the pending one).
    public var publication: UInt64?
    /// The label column (evaluate).
    public var label: String?
    /// The prediction column (evaluate).
    public var prediction: String?
    /// The score column (evaluate).
    public var score: String?
    /// The sensitive columns (evaluate).
    public var sensitive: [String]?
    /// The dataset role the file plays, default `test` (evaluate).
    public var datasetRole: String?
    /// The whole evaluation specification (evaluate; task, weights, positive label, groups,
    /// bootstrap), as `attest evaluate` builds it. When present it is used as given, and its
    /// label and prediction must equal `label` and `prediction`.
    public var evaluation: EvaluationSpec?
    /// The data file's format, `csv` or `jsonl` (evaluate; default: from `fileName`).
    public var format: String?

    /// The new key's proof of possession, base64 (key.rotate; `key` is the new verifier key).
    public var newKeySignature: String?
    /// The entry attested (attestation.record).
    public var entry: UInt64?
    /// The actor's envelopes over the statements restating `entry` (attestation.record).
    public var envelopes: [SignedStatement]?

    /// Makes a request for `act`; set the fields it needs.
    public init(act: Act) { self.act = act.rawValue }

    /// The acts the server performs.
    public enum Act: String, Sendable, CaseIterable {
        /// Add an actor with a key and roles (admin).
        case actorAdd = "actor.add"
        /// Grant a role (admin).
        case roleGrant = "role.grant"
        /// Create a model.
        case modelCreate = "model.create"
        /// Register a version from client-side digests.
        case modelRegister = "model.register"
        /// Approve a version for a stage.
        case approve
        /// Reject a version for a stage.
        case reject
        /// Request a promotion, decided by the published policy set.
        case promote
        /// Record a deployment.
        case deploy
        /// Point an alias at a version.
        case aliasSet = "alias.set"
        /// Attach an evidence document.
        case evidenceAttach = "evidence.attach"
        /// Publish a policy set.
        case policyPublish = "policy.publish"
        /// Approve the pending policy set.
        case policyApprove = "policy.approve"
        /// Evaluate an uploaded data file: the server computes the metrics itself.
        case evaluate
        case roleRevoke = "role.revoke"
        case actorDeactivate = "actor.deactivate"
        case approvalWithdraw = "approval.withdraw"
        case aliasRemove = "alias.remove"
        case versionDeprecate = "version.deprecate"
        case versionRetire = "version.retire"
        case roleDefine = "role.define"
        case modelScope = "model.scope"
        case monitor
        case witnessAdd = "witness.add"
        case witnessRemove = "witness.remove"
        /// The actor's signed statements restating their own evaluation or decision.
        case attestationRecord = "attestation.record"
        /// The acting actor's key replaced by one generated on the client.
        case keyRotate = "key.rotate"
        /// An export index of a version, and the checkpoint right after it (a server with the log key).
        case bundleExport = "bundle.export"
        /// That a protected alias was moved back in MLflow by the client (admin or risk officer).
        case mlflowAliasRevert = "mlflow.alias.revert"

        /// The entry types an act may propose for signature, besides `action.refused`.
        public var entryTypes: Set<String> {
            switch self {
            case .actorAdd: ["ledger.key.added", EventType.actorAdded, EventType.roleGranted]
            case .roleGrant: [EventType.roleGranted]
            case .modelCreate: [EventType.modelCreated]
            case .modelRegister: [EventType.versionRegistered]
            case .approve: [EventType.approvalGranted]
            case .reject: [EventType.approvalRejected]
            case .promote: [EventType.promotionDecided, EventType.stageChanged]
            case .deploy: [EventType.deployed]
            case .aliasSet: [EventType.aliasSet]
            case .evidenceAttach: [EventType.evidenceAttached]
            case .policyPublish: [EventType.policyPublished]
            case .policyApprove: [EventType.policyApproved]
            case .evaluate: [EventType.evaluationRecorded]
            case .roleRevoke: [EventType.roleRevoked]
            case .actorDeactivate: [EventType.actorDeactivated, "ledger.key.revoked"]
            case .approvalWithdraw: [EventType.approvalWithdrawn]
            case .aliasRemove: [EventType.aliasRemoved]
            case .versionDeprecate: [EventType.versionDeprecated]
            case .versionRetire: [EventType.versionRetired, EventType.stageChanged]
            case .roleDefine: [EventType.roleDefined]
            case .modelScope: [EventType.modelScoped]
            case .monitor: [EventType.monitoringRecorded]
            case .witnessAdd, .witnessRemove: [EventType.witnessesSet]
            case .attestationRecord: [EventType.attestationSigned]
            case .keyRotate: ["ledger.key.rotated"]
            case .bundleExport: [EventType.bundleExported]
            case .mlflowAliasRevert: [EventType.mlflowAliasReverted]
            }
        }
    }
}

/// A policy file on the wire: its path and its bytes in base64.
public struct PolicySourceFileWire: Codable, Sendable, Equatable {
    /// The path relative to the policy folder.
    public var path: String
    /// The bytes, base64.
    public var content: String

    /// Makes one.
    public init(path: String, content: String) {
        self.path = path
        self.content = content
    }
}
