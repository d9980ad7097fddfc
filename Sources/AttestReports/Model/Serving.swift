/// One way a version serves now: a deployment (environment and traffic share), an Attest alias,
/// or an alias in MLflow as its webhooks reported it (docs/mlflow.md, "Webhooks").
/// Listed in a report's summary and in the inventory; one that no allowing decision backs is
/// also an open issue (`unbacked_serving`).
public struct ServingItem: Codable, Sendable, Equatable {
    /// `deployment`, `alias` or `mlflow_alias`.
    public var kind: String
    /// The version; 0 for an MLflow alias on an MLflow version that Attest never recorded.
    public var version: Int
    /// The version's stage now.
    public var stage: String
    /// The environment (deployments).
    public var environment: String?
    /// The traffic share in percent (deployments).
    public var traffic: Double?
    /// The alias (aliases).
    public var alias: String?
    /// The MLflow version the alias points at (MLflow aliases).
    public var mlflowVersion: Int?
    /// The stage the policy set in force requires: the stage of the first environment glob that
    /// matches (deployments), `production` for a protected alias; absent for an undeclared
    /// environment and for an alias that is not protected.
    public var requiredStage: String?
    /// The environment glob that matched (deployments).
    public var declaredAs: String?
    /// The `model.deployed`, `model.alias.set`, `mlflow.webhook.received` or
    /// `mlflow.alias.reverted` entry that put it in place.
    public var entry: UInt64
    /// The allowing decision for the required stage that backs it (absent when none does, or
    /// when nothing is required, or when the required stage is where every version starts).
    public var decision: UInt64?
    /// Whether it is backed: the policy set in force declares the environment, the version is in
    /// the required stage, and an allowing decision (or, for the first stage, the registration)
    /// moved it there. An unprotected alias is always backed.
    public var backed: Bool
    /// Why it is not backed.
    public var detail: String?
}

/// The policy set whose settings the serving checks used.
public struct ServingPolicy: Codable, Sendable, Equatable {
    /// The `policy.published` entry in force, absent when none was published.
    public var entry: UInt64?
    /// The declared environments, as `glob: stage`, in file order.
    public var environments: [String]
    /// The protected aliases.
    public var protectedAliases: [String]
}
