/// The kind-specific parameters of a rule.
public enum RuleParameters: Hashable, Sendable {
    /// `stage_transition`.
    case stageTransition(StageTransitionParameters)
    /// `required_approvals`.
    case requiredApprovals(RequiredApprovalsParameters)
    /// `metric_threshold`.
    case metricThreshold(MetricThresholdParameters)
    /// `fairness_threshold`.
    case fairnessThreshold(FairnessThresholdParameters)
    /// `required_evidence`.
    case requiredEvidence(RequiredEvidenceParameters)
    /// `drift_threshold`.
    case driftThreshold(DriftThresholdParameters)
    /// `cooldown`.
    case cooldown(CooldownParameters)
    /// `required_signature`.
    case requiredSignature(RequiredSignatureParameters)
    /// `required_environment`.
    case requiredEnvironment(RequiredEnvironmentParameters)

    /// The rule kind these parameters belong to.
    public var kind: RuleKind {
        switch self {
        case .stageTransition: .stageTransition
        case .requiredApprovals: .requiredApprovals
        case .metricThreshold: .metricThreshold
        case .fairnessThreshold: .fairnessThreshold
        case .requiredEvidence: .requiredEvidence
        case .driftThreshold: .driftThreshold
        case .cooldown: .cooldown
        case .requiredSignature: .requiredSignature
        case .requiredEnvironment: .requiredEnvironment
        }
    }
}

/// Parameters of a `stage_transition` rule.
public struct StageTransitionParameters: Hashable, Codable, Sendable {
    /// The stages a version may be promoted from (key `from`).
    public var from: [Stage]

    /// Creates the parameters.
    /// - Parameter from: Allowed source stages.
    public init(from: [Stage]) { self.from = from }
}

/// Who is excluded from approving, for four-eyes separation of duties.
public enum ApprovalExclusion: String, CaseIterable, Codable, Sendable {
    /// The actor who registered the version.
    case registrant
    /// The actor requesting the promotion.
    case requester
    /// The model's owner.
    case modelOwner = "model_owner"
}

/// Parameters of a `required_approvals` rule.
public struct RequiredApprovalsParameters: Hashable, Codable, Sendable {
    /// How many distinct people must approve (key `count`, at least 1).
    public var count: Int
    /// The roles, any of which qualifies an approver (key `roles`).
    public var roles: [String]
    /// Who may not approve (key `exclude`).
    public var exclude: [ApprovalExclusion]
    /// The oldest an approval may be at the time of the request (key `max_age`), or `nil`.
    public var maxAge: PolicyDuration?
    /// Whether a monitoring result recorded after an approval makes it stale (key
    /// `stale_on_monitoring`, default false). Evaluations and evidence documents always do.
    public var staleOnMonitoring: Bool

    /// Creates the parameters.
    /// - Parameters:
    ///   - count: Distinct approvers needed.
    ///   - roles: Qualifying roles.
    ///   - exclude: Excluded parties.
    ///   - maxAge: Maximum age of an approval.
    ///   - staleOnMonitoring: Whether newer monitoring results make approvals stale.
    public init(
        count: Int, roles: [String], exclude: [ApprovalExclusion] = [], maxAge: PolicyDuration? = nil,
        staleOnMonitoring: Bool = false
    ) {
        self.count = count
        self.roles = roles
        self.exclude = exclude
        self.maxAge = maxAge
        self.staleOnMonitoring = staleOnMonitoring
    }
}

/// Whether a metric bound applies to the overall value or to every group.
public enum MetricScope: String, CaseIterable, Codable, Sendable {
    /// The value over the whole dataset (default).
    case overall
    /// Every group of every (or of the named) sensitive partition.
    case everyGroup = "every_group"
}

/// What a per-group rule does with groups the evaluation marked as too small.
public enum InsufficientGroupHandling: String, CaseIterable, Codable, Sendable {
    /// The rule fails: too little evidence to judge that group (default, fail closed).
    case fail
    /// The group is left out and listed in the message.
    case skip
}

/// Parameters of a `metric_threshold` rule.
public struct MetricThresholdParameters: Hashable, Codable, Sendable {
    /// The metric (key `metric`).
    public var metric: PerformanceMetric
    /// The evaluation's dataset role (key `dataset_role`, default `test`).
    public var datasetRole: String
    /// The bound (keys `op` and `value`).
    public var bound: Bound
    /// Overall or every group (key `scope`, default `overall`).
    public var scope: MetricScope
    /// With `every_group`, the sensitive columns whose partition to check (key `sensitive`);
    /// `nil` checks every partition in the evaluation.
    public var sensitive: [String]?
    /// With `every_group`, what to do with insufficient groups (key `insufficient_groups`).
    public var insufficientGroups: InsufficientGroupHandling

    /// Creates the parameters.
    /// - Parameters:
    ///   - metric: The metric.
    ///   - datasetRole: The dataset role.
    ///   - bound: The bound.
    ///   - scope: Overall or every group.
    ///   - sensitive: The partition's columns, or `nil` for all.
    ///   - insufficientGroups: Handling of small groups.
    public init(
        metric: PerformanceMetric, datasetRole: String = "test", bound: Bound, scope: MetricScope = .overall,
        sensitive: [String]? = nil, insufficientGroups: InsufficientGroupHandling = .fail
    ) {
        self.metric = metric
        self.datasetRole = datasetRole
        self.bound = bound
        self.scope = scope
        self.sensitive = sensitive
        self.insufficientGroups = insufficientGroups
    }
}

/// Parameters of a `fairness_threshold` rule.
public struct FairnessThresholdParameters: Hashable, Codable, Sendable {
    /// The disparity measure (key `metric`).
    public var metric: FairnessMetric
    /// Between groups or each group to overall (key `method`, default `between_groups`).
    public var method: DisparityMethod
    /// For equalized odds, how TPR and FPR combine (key `agg`, default `worst_case`); else `nil`.
    public var aggregation: DisparityAggregation?
    /// The sensitive columns; several mean their intersection (key `sensitive`).
    public var sensitive: [String]
    /// The bound (keys `op` and `value`).
    public var bound: Bound
    /// The smallest group size accepted (key `min_group_size`), or `nil`.
    public var minGroupSize: Int?
    /// Judge the unfavourable end of the bootstrap interval (key `use_interval`, default false).
    public var useInterval: Bool
    /// The evaluation's dataset role (key `dataset_role`, default `test`).
    public var datasetRole: String

    /// Creates the parameters.
    /// - Parameters:
    ///   - metric: The disparity measure.
    ///   - method: Between groups or to overall.
    ///   - aggregation: Equalized-odds aggregation.
    ///   - sensitive: Sensitive columns.
    ///   - bound: The bound.
    ///   - minGroupSize: Smallest group size.
    ///   - useInterval: Whether to judge the interval's unfavourable end.
    ///   - datasetRole: The dataset role.
    public init(
        metric: FairnessMetric, method: DisparityMethod = .betweenGroups, aggregation: DisparityAggregation? = nil,
        sensitive: [String], bound: Bound, minGroupSize: Int? = nil, useInterval: Bool = false,
        datasetRole: String = "test"
    ) {
        self.metric = metric
        self.method = method
        self.aggregation = aggregation
        self.sensitive = sensitive
        self.bound = bound
        self.minGroupSize = minGroupSize
        self.useInterval = useInterval
        self.datasetRole = datasetRole
    }
}

/// Parameters of a `required_evidence` rule.
public struct RequiredEvidenceParameters: Hashable, Codable, Sendable {
    /// Evidence document kinds that must be attached (key `documents`).
    public var documents: [String]
    /// Dataset roles whose digests must be in the lineage (key `datasets`).
    public var datasets: [String]
    /// Whether a code commit must be recorded (key `code_commit`).
    public var codeCommit: Bool
    /// Whether an evaluation on the version's own test dataset must exist
    /// (key `evaluation_on_test_dataset`).
    public var evaluationOnTestDataset: Bool

    /// Creates the parameters.
    /// - Parameters:
    ///   - documents: Required document kinds.
    ///   - datasets: Required dataset roles.
    ///   - codeCommit: Whether a code commit is required.
    ///   - evaluationOnTestDataset: Whether a test-set evaluation is required.
    public init(
        documents: [String] = [], datasets: [String] = [], codeCommit: Bool = false,
        evaluationOnTestDataset: Bool = false
    ) {
        self.documents = documents
        self.datasets = datasets
        self.codeCommit = codeCommit
        self.evaluationOnTestDataset = evaluationOnTestDataset
    }
}

/// Parameters of a `drift_threshold` rule.
public struct DriftThresholdParameters: Hashable, Codable, Sendable {
    /// The statistic (key `metric`).
    public var metric: DriftMetric
    /// One column (key `column`), or `nil` for every column in the result.
    public var column: String?
    /// The bound (keys `op` and `value`).
    public var bound: Bound
    /// The dataset role the monitoring's reference data must be, by digest, for the result to
    /// count (key `reference_role`, default `train`; engine 2 and later).
    public var referenceRole: String

    /// Creates the parameters.
    /// - Parameters:
    ///   - metric: The statistic.
    ///   - column: One column or all.
    ///   - bound: The bound.
    ///   - referenceRole: The registered dataset role the reference must be.
    public init(metric: DriftMetric, column: String? = nil, bound: Bound, referenceRole: String = "train") {
        self.metric = metric
        self.column = column
        self.bound = bound
        self.referenceRole = referenceRole
    }
}

/// Parameters of a `cooldown` rule.
public struct CooldownParameters: Hashable, Codable, Sendable {
    /// The least time since the version entered its current stage (key `min_duration`).
    public var minDuration: PolicyDuration

    /// Creates the parameters.
    /// - Parameter minDuration: The minimum time in stage.
    public init(minDuration: PolicyDuration) { self.minDuration = minDuration }
}
