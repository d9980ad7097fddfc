/// Settings of a whole policy set, read from `settings.yaml` at the root of the
/// policy directory when present.
public struct PolicySettings: Hashable, Codable, Sendable {
    /// The stages that exist, in lifecycle order (key `stages`).
    public var stages: [Stage]
    /// The decision when no policy applies to a promotion (key `when_no_policy_applies`,
    /// default `deny`: fail closed).
    public var whenNoPolicyApplies: UngovernedDecision
    /// Target stages for which a promotion that no policy governs is allowed even when
    /// ``whenNoPolicyApplies`` is `deny` (key `allow_ungoverned_targets`), e.g. `archived`.
    public var allowUngovernedTargets: [Stage]
    /// How many distinct people (the publisher included) must stand behind a publication of
    /// this set before it governs (key `publication_quorum`, default 2). Never below
    /// ``minimumProductionQuorum`` for a set whose stages include `production`.
    public var publicationQuorum: Int

    /// The least publication quorum of a set that governs production: a second person.
    public static let minimumProductionQuorum = 2
    /// The deployment environments, as globs over environment names with the stage each requires,
    /// in file order (key `environments`). An environment no glob matches is undeclared: nothing
    /// may be deployed there. Empty by default: no deployment is allowed.
    public var environments: [EnvironmentRule]
    /// Aliases that may point only at versions in production (key `protected_aliases`).
    public var protectedAliases: [String]
    /// For a stage, the MLflow alias that `attest promote` points at a version imported from
    /// MLflow after an allowing decision puts it in that stage (key `mlflow_aliases`, e.g.
    /// `{production: champion}`); empty by default.
    public var mlflowAliases: [String: String] = [:]

    /// The file name of the settings file at the root of a policy directory.
    public static let fileName = "settings.yaml"

    /// Creates settings.
    /// - Parameters:
    ///   - stages: Known stages.
    ///   - whenNoPolicyApplies: Default decision for ungoverned promotions.
    ///   - allowUngovernedTargets: Targets that need no policy.
    ///   - publicationQuorum: People who must stand behind a publication.
    ///   - environments: Declared deployment environments.
    ///   - protectedAliases: Aliases reserved for production versions.
    public init(
        stages: [Stage] = Stage.defaultStages, whenNoPolicyApplies: UngovernedDecision = .deny,
        allowUngovernedTargets: [Stage] = [], publicationQuorum: Int = PolicySettings.minimumProductionQuorum,
        environments: [EnvironmentRule] = [], protectedAliases: [String] = []
    ) {
        self.stages = stages
        self.whenNoPolicyApplies = whenNoPolicyApplies
        self.allowUngovernedTargets = allowUngovernedTargets
        self.publicationQuorum = publicationQuorum
        self.environments = environments
        self.protectedAliases = protectedAliases
    }

    /// Whether the set governs production (its stages include `production`).
    public var governsProduction: Bool { stages.contains(.production) }

    /// Whether a change to the set needs a second person: it governs production, or it declares
    /// environments or protected aliases (which decide what may serve, whatever the stages are
    /// named).
    public var needsSecondPerson: Bool { governsProduction || !environments.isEmpty || !protectedAliases.isEmpty }
}

/// What happens to a promotion that no policy governs.
public enum UngovernedDecision: String, CaseIterable, Codable, Sendable {
    /// Deny (the default; fail closed).
    case deny
    /// Allow, recording that no policy applied.
    case allow
}
