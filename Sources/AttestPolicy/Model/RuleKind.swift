/// The kinds of rule a policy can contain.
public enum RuleKind: String, CaseIterable, Codable, Sendable {
    /// Which stages a version may come from.
    case stageTransition = "stage_transition"
    /// N distinct sign-offs by role, four-eyes exclusions, freshness.
    case requiredApprovals = "required_approvals"
    /// A bound on a performance metric of the latest evaluation.
    case metricThreshold = "metric_threshold"
    /// A bound on a fairness disparity of the latest evaluation.
    case fairnessThreshold = "fairness_threshold"
    /// Documents, datasets, code commit and test evaluation that must exist.
    case requiredEvidence = "required_evidence"
    /// A bound on a drift statistic of the latest monitoring result.
    case driftThreshold = "drift_threshold"
    /// A minimum time spent in the current stage.
    case cooldown
    /// A valid OMS model signature by a named identity (see `RequiredSignatureParameters`).
    case requiredSignature = "required_signature"
    /// Packages, pins and a Python version the recorded environment must have (see `RequiredEnvironmentParameters`).
    case requiredEnvironment = "required_environment"
}
