import Foundation

/// Two versions of a model side by side (`attest diff M A B`, and the report's comparison of
/// its two latest versions): lineage, parameters, environment, metrics with interval overlap,
/// fairness, rules whose outcome changed, and reviews. docs/report-schema.md, "Comparison".
public struct VersionComparison: Codable, Sendable, Equatable {
    /// `attest.dev/diff@v1`.
    public var schema: String = "attest.dev/diff@v1"
    /// The model.
    public var model: String
    /// The earlier version compared (A).
    public var from: Int
    /// The later version compared (B).
    public var to: Int
    /// Parents, artifacts, datasets and code.
    public var lineage: [Change]
    /// Registered parameters, by name.
    public var parameters: [Change]
    /// The framework and the code's state (repository, commit, dirty tree).
    public var environment: [Change]
    /// Overall metrics of each version's latest evaluation.
    public var metrics: [MetricChange]
    /// Disparities of each version's latest evaluation, by grouping.
    public var fairness: [MetricChange]
    /// Rules whose status differs between each version's latest decision for the same stage.
    public var rules: [RuleChange]
    /// Reviews of either version, in log order.
    public var reviews: [ReviewItem]
    /// The evaluation entries compared (A's, B's), when each has one.
    public var evaluations: [UInt64?]
}

/// One named value in A and in B.
public struct Change: Codable, Sendable, Equatable {
    /// What (`artifact model.bin`, `dataset test`, `parent`, `param max_depth`, …).
    public var name: String
    /// A's value, absent when A has none.
    public var from: String?
    /// B's value.
    public var to: String?
    /// `added`, `removed`, `changed` or `same`.
    public var change: String
}

/// One metric in A and in B, with bootstrap intervals when recorded.
public struct MetricChange: Codable, Sendable, Equatable {
    /// The metric (a disparity is `name (method[, aggregation]) on columns`).
    public var name: String
    /// A's value and interval.
    public var from: MetricRow?
    /// B's value and interval.
    public var to: MetricRow?
    /// B minus A, when both are defined.
    public var delta: Double?
    /// Whether the two intervals overlap (absent unless both have one): a difference whose
    /// intervals overlap may be sampling noise.
    public var intervalsOverlap: Bool?
}

/// A rule whose outcome changed.
public struct RuleChange: Codable, Sendable, Equatable {
    /// The rule's id.
    public var rule: String
    /// The target stage of the decisions compared.
    public var stage: String
    /// A's status and the decision entry.
    public var from: String?
    /// B's status.
    public var to: String?
    /// A's decision entry.
    public var fromDecision: UInt64?
    /// B's decision entry.
    public var toDecision: UInt64?
    /// A's observed value.
    public var fromObserved: String?
    /// B's observed value.
    public var toObserved: String?
}
