import AttestPolicy

/// `model.created`.
public struct ModelCreated: Codable, Sendable, Equatable {
    /// The model's unique name.
    public var model: String
    /// The owning actor.
    public var owner: String
    /// What the model is for.
    public var purpose: String
    /// The risk tier.
    public var riskTier: RiskTier
    /// Free-form tags.
    public var tags: [String: String]
    /// The MLflow registered model it was imported from (`attest mlflow import`), if any.
    public var mlflow: MLflowModelLink?
}

/// A file recorded by digest.
public struct FileRecord: Codable, Sendable, Equatable, Hashable {
    /// The file or folder name (not the full path).
    public var name: String
    /// `sha256:<hex>`; for a folder, the digest of its sorted manifest.
    public var digest: String
    /// Size in bytes (total for a folder).
    public var size: Int64
    /// For datasets, the role: `train`, `validation`, `test`, ...
    public var role: String?
    /// Whether this is a folder hashed as a manifest.
    public var isFolder: Bool?

    /// Makes a record.
    public init(name: String, digest: String, size: Int64, role: String? = nil, isFolder: Bool? = nil) {
        self.name = name
        self.digest = digest
        self.size = size
        self.role = role
        self.isFolder = isFolder
    }
}

/// The code a version was built from.
public struct CodeReference: Codable, Sendable, Equatable {
    /// Repository URL or path.
    public var repository: String
    /// The commit.
    public var commit: String
    /// Whether the working tree had uncommitted changes.
    public var dirty: Bool?

    /// Makes a reference.
    public init(repository: String, commit: String, dirty: Bool? = nil) {
        self.repository = repository
        self.commit = commit
        self.dirty = dirty
    }
}

/// `model.version.registered`.
public struct VersionRegistered: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The new version number, 1-based.
    public var version: Int
    /// Artifact files.
    public var artifacts: [FileRecord]
    /// Dataset files with their roles.
    public var datasets: [FileRecord]
    /// The code reference, when known.
    public var code: CodeReference?
    /// Typed parameters.
    public var params: [String: TypedValue]
    /// Typed metrics as claimed at registration (computed evidence comes from `attest evaluate`).
    public var metrics: [String: TypedValue]
    /// The parent version, for lineage.
    public var parent: Int?
    /// The framework, e.g. `xgboost 2.1`.
    public var framework: String?
    /// A description.
    public var description: String?
    /// The software environment (MLmodel and requirements), when recorded.
    public var environment: EnvironmentRecord?
    /// The MLflow model version it was imported from (`attest mlflow import`), if any.
    public var mlflow: MLflowVersionLink?

    /// Makes the event.
    public init(
        model: String, version: Int, artifacts: [FileRecord], datasets: [FileRecord], code: CodeReference?,
        params: [String: TypedValue], metrics: [String: TypedValue], parent: Int?, framework: String?, description: String?,
        environment: EnvironmentRecord? = nil, mlflow: MLflowVersionLink? = nil
    ) {
        self.environment = environment
        self.mlflow = mlflow
        self.model = model
        self.version = version
        self.artifacts = artifacts
        self.datasets = datasets
        self.code = code
        self.params = params
        self.metrics = metrics
        self.parent = parent
        self.framework = framework
        self.description = description
    }
}

/// `model.stage.changed`.
public struct StageChanged: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The stage before.
    public var from: Stage
    /// The stage after.
    public var to: Stage
    /// Why (a decision entry, a retirement, an archived predecessor).
    public var reason: String
    /// The decision entry that allowed it, when there is one.
    public var decision: UInt64?
}

extension StageChanged {
    /// Decodes the change, refusing a stage no version can be in (the lifecycle's stages only).
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing field or a stage outside the lifecycle.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        version = try c.decode(Int.self, forKey: .version)
        from = try c.decode(Stage.self, forKey: .from)
        to = try c.decode(Stage.self, forKey: .to)
        reason = try c.decode(String.self, forKey: .reason)
        decision = try c.decodeIfPresent(UInt64.self, forKey: .decision)
        for (key, stage) in [(CodingKeys.from, from), (.to, to)] where !stage.isInLifecycle {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "unknown stage '\(stage)'; stages are \(Stage.lifecycle.map(\.rawValue).joined(separator: ", "))")
        }
    }
}

/// `model.alias.set` and `model.alias.removed`.
public struct AliasChange: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The alias, e.g. `champion`.
    public var alias: String
    /// The version it points at (absent on removal).
    public var version: Int?
}

/// `model.deployed`.
public struct Deployed: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The environment, e.g. `prod-eu`.
    public var environment: String
    /// The share of traffic in percent, 0 to 100.
    public var traffic: Double
}

/// `model.version.retired` and `model.version.deprecated`.
public struct VersionStatusChange: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// Why.
    public var reason: String
}
