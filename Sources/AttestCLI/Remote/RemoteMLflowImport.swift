import AttestLedger
import AttestMLflow
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

/// `attest mlflow import --server`: the client reads MLflow and hashes the artifacts as a local
/// import does, and `attest serve` records them with the acts `model.create` and
/// `model.register`, which carry MLflow's link and the environment (docs/mlflow.md). The server
/// runs the registry calls a local import runs, so the entries are the same; the client checks
/// each proposal is exactly what it sent before signing it (``ProposalCheck``).
struct RemoteImportLedger: MLflowImportLedger {
    /// The server, acting as the importing actor.
    let client: ServerClient

    /// The model as `GET /v1/models/{name}` gives it, when the served ledger has it.
    func importedModel(_ name: String) throws -> MLflowImportedModel? {
        guard try client.get(RemoteModels.self, "/v1/models").models.contains(where: { $0.name == name }) else { return nil }
        return MLflowImportedModel(try client.get(ModelInfo.self, "/v1/models/\(RemoteActs.pathComponent(name))"))
    }

    /// The act `model.create` with `mlflowModel`.
    func createModel(
        _ name: String, owner: String, purpose: String, riskTier: RiskTier, tags: [String: String], mlflow: MLflowModelLink
    ) throws {
        var act = ActRequest(act: .modelCreate)
        act.model = name
        act.owner = owner
        act.purpose = purpose
        act.riskTier = riskTier.rawValue
        act.tags = tags
        act.mlflowModel = mlflow
        _ = try client.act(act)
    }

    /// The act `model.register` with the folder record, `environmentRecord` and `mlflowModelVersion`.
    func registerVersion(_ name: String, artifacts: [FileRecord], code: CodeReference?, request: VersionRequest) throws -> Int {
        var act = ActRequest(act: .modelRegister)
        act.model = name
        act.artifacts = artifacts
        act.datasets = []
        act.code = code
        act.params = request.params
        act.metrics = request.metrics
        act.parent = request.parent
        act.framework = request.framework
        act.description = request.description
        act.environmentRecord = request.environment
        act.mlflowModelVersion = request.mlflow
        let step = try client.act(act)
        guard let version = step.result?["version"]?.integerValue else { throw RemoteActs.unreadable(client) }
        return Int(version)
    }
}
