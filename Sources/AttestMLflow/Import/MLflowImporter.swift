import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// `attest mlflow import`: records MLflow's registered models and their versions in the ledger,
/// each version in one `model.version.registered` entry that carries the run's params, metrics
/// and code commit, the artifacts' SHA-256 digests, the environment and the MLflow ids
/// (docs/mlflow.md). Importing again adds only versions not recorded yet; a failure leaves
/// nothing of the version it concerned, and a rerun continues there.
public struct MLflowImporter {
    /// Where the entries are recorded: a local ledger, or `attest serve`.
    public let ledger: any MLflowImportLedger
    /// The server.
    public let client: MLflowClient
    /// The owner recorded for models created by the import.
    public let owner: String
    /// The risk tier recorded for models created by the import.
    public let riskTier: RiskTier

    /// Makes an importer that records in a local ledger, signing with `signer`.
    public init(registry: Registry, client: MLflowClient, signer: Signer, owner: String, riskTier: RiskTier) {
        self.init(ledger: RegistryImportLedger(registry: registry, signer: signer), client: client, owner: owner, riskTier: riskTier)
    }

    /// Makes an importer that records through `ledger`.
    /// - Parameters:
    ///   - ledger: a local ledger (``RegistryImportLedger``) or the acts of `attest serve`.
    ///   - client: the MLflow server read.
    ///   - owner: the owner of the models the import creates.
    ///   - riskTier: their risk tier.
    public init(ledger: any MLflowImportLedger, client: MLflowClient, owner: String, riskTier: RiskTier) {
        self.ledger = ledger
        self.client = client
        self.owner = owner
        self.riskTier = riskTier
    }

    /// What one import did for one model.
    public struct ModelResult: Codable, Sendable, Equatable {
        /// The model's name (the same in MLflow and Attest).
        public var model: String
        /// Whether the import created the model in Attest.
        public var created: Bool
        /// The versions recorded now: MLflow's number, Attest's number and the entry.
        public var imported: [ImportedVersion]
        /// How many MLflow versions were recorded before.
        public var alreadyRecorded: Int
        /// MLflow versions left out, with why (not READY).
        public var skipped: [String]
    }

    /// One recorded version.
    public struct ImportedVersion: Codable, Sendable, Equatable {
        /// MLflow's version number.
        public var mlflowVersion: Int
        /// Attest's version number.
        public var version: Int
        /// How many artifact files were hashed.
        public var files: Int
        /// Their total size in bytes.
        public var bytes: Int64
    }

    /// Imports `models` (every registered model when empty).
    /// - Parameter progress: called with a line per version recorded.
    /// - Returns: one result per model, in name order.
    /// - Throws: `MLflowError` naming the model and version that failed; `RegistryError` or
    ///   `LedgerError` from the ledger (a name Attest refuses, a missing role).
    public func run(models: [String], progress: (String) -> Void = { _ in }) throws -> [ModelResult] {
        let names = try models.isEmpty ? client.registeredModelNames().sorted() : models
        var results: [ModelResult] = []
        for name in names { results.append(try importModel(name, progress: progress)) }
        return results
    }

    func importModel(_ name: String, progress: (String) -> Void) throws -> ModelResult {
        let registered = try MLflowError.annotating("MLflow model \(name)") { try client.registeredModel(name) }
        let link = MLflowModelLink(trackingUri: client.trackingUri, name: name)
        var created = false
        var recorded: Set<Int> = []
        if let existing = try ledger.importedModel(name) {
            try Self.requireLinked(existing.link, name: name, to: link)
            recorded = existing.recordedVersions
        } else {
            let tags = Dictionary((registered.tags ?? []).map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { $1 })
            try ledger.createModel(
                name, owner: owner, purpose: registered.description.flatMap { $0.isEmpty ? nil : $0 } ?? "imported from MLflow",
                riskTier: riskTier, tags: tags, mlflow: link)
            created = true
        }
        let versions = try MLflowError.annotating("MLflow model \(name)") { try numbered(client.modelVersions(name)) }
        var result = ModelResult(model: name, created: created, imported: [], alreadyRecorded: recorded.count, skipped: [])
        for (number, version) in versions.sorted(by: { $0.0 < $1.0 }) where !recorded.contains(number) {
            guard (version.status ?? "READY") == "READY" else {
                result.skipped.append("MLflow version \(number): status \(version.status ?? "?"), not READY")
                continue
            }
            let context =
                "MLflow model \(name) version \(number) (nothing recorded for it; \(result.imported.count) versions recorded before it; a rerun continues here)"
            let imported = try MLflowError.annotating(context) { try importVersion(name, number, version) }
            result.imported.append(imported)
            progress("Recorded MLflow \(name) version \(number) as \(name) v\(imported.version) (\(imported.files) files hashed)")
        }
        return result
    }

    /// Refuses to import into an Attest model that exists but is not linked to the MLflow model
    /// `link` names, before anything is hashed (the registry checks it again inside the write,
    /// `Registry.registerVersion` with an MLflow link).
    /// - Parameters:
    ///   - existing: the Attest model's link, `nil` when it has none.
    ///   - name: the Attest model.
    ///   - link: the MLflow registered model imported.
    /// - Throws: `MLflowError` (`.badInput`) naming both.
    static func requireLinked(_ existing: MLflowModelLink?, name: String, to link: MLflowModelLink) throws(MLflowError) {
        guard existing != link else { return }
        throw MLflowError(
            .badInput,
            "Attest model '\(name)' exists and is \(existing.map { "linked to MLflow model '\($0.name)' at \($0.trackingUri)" } ?? "not linked to MLflow"); import it from there, or rename one of them"
        )
    }

    /// The versions with their numbers; refuses a version that is not a positive number.
    func numbered(_ versions: [MLflowWire.ModelVersion]) throws -> [(Int, MLflowWire.ModelVersion)] {
        try versions.map { version in
            guard let number = Int(version.version), number > 0 else {
                throw MLflowError(.badInput, "version '\(version.version)' is not a positive number")
            }
            return (number, version)
        }
    }

    /// Reads everything about one version from MLflow, then appends its one entry.
    func importVersion(_ name: String, _ number: Int, _ version: MLflowWire.ModelVersion) throws -> ImportedVersion {
        var run: MLflowWire.Run?
        if let id = version.runId, !id.isEmpty { run = try client.run(id) }
        let uri = try client.downloadURI(name, version: version.version)
        let root = try ArtifactDigester.storePath(uri)
        let files = try ArtifactDigester(client: client).files(below: root)
        guard !files.isEmpty else { throw MLflowError(.badInput, "its artifacts at \(uri) hold no files") }
        let environment = try MLmodelEnvironment.read(files: files) { path throws(MLflowError) in
            try client.artifactText(root + "/" + path)
        }
        let tags = Dictionary((run?.data?.tags ?? []).map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let code = tags["mlflow.source.git.commit"].map {
            CodeReference(repository: tags["mlflow.source.git.repoURL"] ?? tags["mlflow.source.name"] ?? "", commit: $0)
        }
        let params = Dictionary(
            (run?.data?.params ?? []).map { ($0.key, TypedValue(parsing: $0.value ?? "")) }, uniquingKeysWith: { $1 })
        let metrics = Dictionary(
            (run?.data?.metrics ?? []).compactMap { metric in metric.value.map { (metric.key, TypedValue.number($0)) } },
            uniquingKeysWith: { $1 })
        let datasets = (run?.inputs?.datasetInputs ?? []).compactMap { input -> MLflowDatasetInput? in
            guard let dataset = input.dataset else { return nil }
            return MLflowDatasetInput(
                name: dataset.name ?? "", digest: dataset.digest ?? "", sourceType: dataset.sourceType ?? "",
                source: dataset.source ?? "", context: input.tags?.first { $0.key == "mlflow.data.context" }?.value)
        }
        let link = MLflowVersionLink(
            trackingUri: client.trackingUri, name: name, version: number, runId: version.runId, experimentId: run?.info?.experimentId,
            modelId: version.modelId ?? Self.loggedModelId(version.source), source: version.source ?? "", artifactUri: uri, files: files,
            datasets: datasets,
            createdMillis: version.creationTimestamp, user: version.userId.flatMap { $0.isEmpty ? nil : $0 })
        var request = VersionRequest(
            artifacts: [], code: code, params: params, metrics: metrics, framework: MLmodelEnvironment.framework(environment),
            description: version.description.flatMap { $0.isEmpty ? nil : $0 })
        request.environment = environment
        request.mlflow = link
        let folder = MLflowImportCheck.artifactRecord(for: files)
        let attestVersion = try ledger.registerVersion(name, artifacts: [folder], code: code, request: request)
        return ImportedVersion(mlflowVersion: number, version: attestVersion, files: files.count, bytes: folder.size)
    }

    /// The logged model of a `models:/m-...` source (MLflow 3 leaves `model_id` out of the REST answer).
    static func loggedModelId(_ source: String?) -> String? {
        guard let source, source.hasPrefix("models:/m-") else { return nil }
        let id = source.dropFirst("models:/".count)
        return id.contains("/") ? nil : String(id)
    }
}
