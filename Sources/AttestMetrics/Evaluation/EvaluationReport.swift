/// The result of an evaluation: overall metrics, metrics per group for each sensitive column
/// and their intersection, disparities, the four-fifths rule, and bootstrap intervals.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// The input's name.
    public var source: String
    /// The task.
    public var task: EvaluationSpec.Task
    /// Data rows read.
    public var rowCount: Int
    /// Rows dropped for missing or invalid values (only with `dropMissing`).
    public var droppedRows: Int
    /// Rows evaluated (`rowCount - droppedRows`).
    public var evaluatedRows: Int
    /// The columns read, in role order (label, prediction, score, weight, sensitive).
    public var columnsUsed: [String]
    /// The positive label (classification only).
    public var positiveLabel: String?
    /// The minimum group size in force.
    public var minGroupSize: Int
    /// Which groups took part in disparities.
    public var disparityGroups: EvaluationSpec.DisparityGroups
    /// Metrics over all evaluated rows, by name (see ``MetricCatalog``).
    public var overall: [String: MetricValue]
    /// Bootstrap intervals of the overall metrics, by name.
    public var overallIntervals: [String: ConfidenceInterval]?
    /// One grouping per sensitive column, then the intersection when there are several.
    public var groupings: [GroupingReport]
    /// Bootstrap settings and totals, when a bootstrap ran.
    public var bootstrap: BootstrapSummary?
    /// The curves in a bounded size (binary classification only); absent in evaluations
    /// recorded before Attest stored them, which still decode.
    public var curves: EvaluationCurves? = nil
}

/// The groups of one sensitive column, or of the intersection of several.
public struct GroupingReport: Sendable, Codable, Equatable {
    /// The sensitive columns (one, or several for the intersection).
    public var columns: [String]
    /// Whether this is the intersection of several columns.
    public var isIntersection: Bool
    /// The groups, ordered by their values (lexicographically).
    public var groups: [GroupReport]
    /// The disparities (classification only), in ``MetricCatalog/disparities`` order, each for
    /// both methods (and both aggregations for equalized odds).
    public var disparities: [DisparityResult]
    /// The four-fifths rule (classification only).
    public var fourFifths: FourFifthsResult?
}

/// One group's size and metrics.
public struct GroupReport: Sendable, Codable, Equatable {
    /// The group's value in each of the grouping's columns.
    public var values: [String]
    /// The values joined by `", "`.
    public var label: String
    /// Unweighted row count.
    public var count: Int
    /// Sum of sample weights (equals ``count`` without a weight column).
    public var weight: Double
    /// Whether the group has fewer rows than the minimum group size.
    public var insufficient: Bool
    /// The group's metrics, by name.
    public var metrics: [String: MetricValue]
    /// Bootstrap intervals of the group's metrics, by name.
    public var intervals: [String: ConfidenceInterval]?
}

/// One disparity measure for one grouping.
public struct DisparityResult: Sendable, Codable, Equatable {
    /// The name, e.g. `equalized_odds_difference` (see ``MetricCatalog/disparities``).
    public var name: String
    /// `between_groups` or `to_overall` (fairlearn's `method=`).
    public var method: String
    /// `worst_case` or `mean` for equalized odds (fairlearn's `agg=`), otherwise `nil`.
    public var aggregation: String?
    /// The value.
    public var value: MetricValue
    /// The bootstrap interval.
    public var interval: ConfidenceInterval?
}

/// The four-fifths rule of 29 CFR 1607.4(D): the lowest group selection rate divided by the
/// highest passes when it is at least 0.8.
public struct FourFifthsResult: Sendable, Codable, Equatable {
    /// The group with the lowest selection rate.
    public var lowestGroup: String?
    /// The group with the highest selection rate.
    public var highestGroup: String?
    /// Lowest selection rate over highest.
    public var ratio: MetricValue
    /// Whether the ratio is at least ``threshold``; `nil` when the ratio is undefined.
    public var passes: Bool?
    /// The threshold, 0.8.
    public var threshold: Double
}

/// A percentile bootstrap confidence interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
    /// The lower bound (the `(1 - level) / 2` quantile of the replicate values).
    public var lower: MetricValue
    /// The upper bound (the `(1 + level) / 2` quantile).
    public var upper: MetricValue
    /// Replicates in which the metric was defined (only those enter the quantiles).
    public var definedReplicates: Int
}

/// What a bootstrap did.
public struct BootstrapSummary: Sendable, Codable, Equatable {
    /// The number of replicates.
    public var replicates: Int
    /// The seed.
    public var seed: UInt64
    /// The confidence level.
    public var confidenceLevel: Double
    /// The resampling method, for the record.
    public var method: String
    /// The random generator, for the record.
    public var generator: String
}
