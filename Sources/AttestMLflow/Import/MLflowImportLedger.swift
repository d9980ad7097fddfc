import AttestLedger
import AttestPolicy
import AttestRegistry

/// Where ``MLflowImporter`` records what it read from MLflow: the registry of a local ledger
/// file signed with the actor's key (``RegistryImportLedger``), or the acts `model.create` and
/// `model.register` of `attest serve` (AttestCLI, `attest mlflow import --server`). Both make
/// the same registry calls, so the entries are the same.
public protocol MLflowImportLedger {
    /// The Attest model `name` as the import needs it, or `nil` when Attest has no such model.
    /// - Throws: `RegistryError`, `LedgerError` or the command line's failure reading it.
    func importedModel(_ name: String) throws -> MLflowImportedModel?

    /// Records the model (``Registry/createModel(_:owner:purpose:riskTier:tags:mlflow:by:)``).
    /// - Throws: what the registry throws (a name Attest refuses, a missing role).
    func createModel(
        _ name: String, owner: String, purpose: String, riskTier: RiskTier, tags: [String: String], mlflow: MLflowModelLink)
        throws

    /// Records one version from files hashed by the importer
    /// (``Registry/registerVersion(_:artifacts:datasets:code:request:by:)``, without datasets).
    /// - Returns: the Attest version number.
    /// - Throws: what the registry throws.
    func registerVersion(_ name: String, artifacts: [FileRecord], code: CodeReference?, request: VersionRequest) throws -> Int
}

/// What the import reads of an Attest model that exists.
public struct MLflowImportedModel: Sendable, Equatable {
    /// The MLflow registered model it was imported from, if any.
    public var link: MLflowModelLink?
    /// The MLflow version numbers already recorded (each version's `mlflow.version`).
    public var recordedVersions: Set<Int>

    /// Reads it from a model as the registry describes it.
    /// - Parameter info: the model (``Registry/model(_:)``, or `GET /v1/models/{name}`).
    public init(_ info: ModelInfo) {
        link = info.model.mlflow
        recordedVersions = Set(info.versions.compactMap { $0.registration.mlflow?.version })
    }
}

/// A local ledger file: the registry itself, each entry signed with the actor's key.
public struct RegistryImportLedger: MLflowImportLedger {
    /// The ledger's registry.
    public let registry: Registry
    /// Who signs (a data scientist or an admin).
    public let signer: Signer

    /// Makes one.
    public init(registry: Registry, signer: Signer) {
        self.registry = registry
        self.signer = signer
    }

    /// See ``MLflowImportLedger/importedModel(_:)``.
    public func importedModel(_ name: String) throws -> MLflowImportedModel? {
        guard try registry.models().contains(where: { $0.name == name }) else { return nil }
        return MLflowImportedModel(try registry.model(name))
    }

    /// See ``MLflowImportLedger/createModel(_:owner:purpose:riskTier:tags:mlflow:)``.
    public func createModel(
        _ name: String, owner: String, purpose: String, riskTier: RiskTier, tags: [String: String], mlflow: MLflowModelLink
    ) throws {
        try registry.createModel(name, owner: owner, purpose: purpose, riskTier: riskTier, tags: tags, mlflow: mlflow, by: signer)
    }

    /// See ``MLflowImportLedger/registerVersion(_:artifacts:code:request:)``.
    public func registerVersion(_ name: String, artifacts: [FileRecord], code: CodeReference?, request: VersionRequest) throws -> Int {
        try registry.registerVersion(name, artifacts: artifacts, datasets: [], code: code, request: request, by: signer)
    }
}
