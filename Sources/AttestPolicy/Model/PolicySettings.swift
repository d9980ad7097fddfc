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

    /// The file name of the settings file at the root of a policy directory.
    public static let fileName = "settings.yaml"

    /// Creates settings.
    /// - Parameters:
    ///   - stages: Known stages.
    ///   - whenNoPolicyApplies: Default decision for ungoverned promotions.
    ///   - allowUngovernedTargets: Targets that need no policy.
    public init(
        stages: [Stage] = Stage.defaultStages, whenNoPolicyApplies: UngovernedDecision = .deny,
        allowUngovernedTargets: [Stage] = []
    ) {
        self.stages = stages
        self.whenNoPolicyApplies = whenNoPolicyApplies
        self.allowUngovernedTargets = allowUngovernedTargets
    }
}

/// What happens to a promotion that no policy governs.
public enum UngovernedDecision: String, CaseIterable, Codable, Sendable {
    /// Deny (the default; fail closed).
    case deny
    /// Allow, recording that no policy applied.
    case allow
}
