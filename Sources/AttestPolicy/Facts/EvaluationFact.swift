public import AttestMetrics
public import Foundation

/// An evaluation of the version on a dataset, computed by Attest from the data itself.
public struct EvaluationFact: Hashable, Codable, Sendable {
    /// The evaluation's entry (key `seq`).
    public var seq: EntrySeq
    /// When it was recorded (key `time`).
    public var time: Date
    /// The role of the dataset evaluated: `test`, `validation`... (key `dataset_role`, default `test`).
    public var datasetRole: String
    /// The digest of the evaluation data (key `data_digest`).
    public var dataDigest: String
    /// Overall metrics by name, see ``PerformanceMetric`` (key `overall`).
    public var overall: [String: MetricValue]
    /// Per-group metrics, one partition per sensitive column or column combination (key `groups`).
    public var groups: [GroupPartition]
    /// Disparities between groups (key `disparities`), including `four_fifths`.
    public var disparities: [DisparityFact]

    /// Creates an evaluation fact.
    /// - Parameters:
    ///   - seq: Entry.
    ///   - time: Recording time.
    ///   - datasetRole: Dataset role.
    ///   - dataDigest: Data digest.
    ///   - overall: Overall metrics.
    ///   - groups: Group partitions.
    ///   - disparities: Disparities.
    public init(
        seq: EntrySeq, time: Date, datasetRole: String = "test", dataDigest: String,
        overall: [String: MetricValue] = [:], groups: [GroupPartition] = [], disparities: [DisparityFact] = []
    ) {
        self.seq = seq
        self.time = time
        self.datasetRole = datasetRole
        self.dataDigest = dataDigest
        self.overall = overall
        self.groups = groups
        self.disparities = disparities
    }

    /// The partition over exactly these sensitive columns (in any order).
    /// - Parameter columns: Sensitive columns.
    /// - Returns: The partition, or `nil`.
    public func partition(_ columns: [String]) -> GroupPartition? {
        let wanted = Set(columns)
        return groups.first { Set($0.sensitive) == wanted }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case seq, time, datasetRole = "dataset_role", dataDigest = "data_digest", overall, groups, disparities
    }

    /// Decodes an evaluation, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(EntrySeq.self, forKey: .seq)
        time = try c.decodeTime(forKey: .time)
        datasetRole = try c.decodeIfPresent(String.self, forKey: .datasetRole) ?? "test"
        dataDigest = try c.decode(String.self, forKey: .dataDigest)
        overall = try c.decodeIfPresent([String: MetricValue].self, forKey: .overall) ?? [:]
        groups = try c.decodeIfPresent([GroupPartition].self, forKey: .groups) ?? []
        disparities = try c.decodeIfPresent([DisparityFact].self, forKey: .disparities) ?? []
    }

    /// Encodes the evaluation with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encodeTime(time, forKey: .time)
        try c.encode(datasetRole, forKey: .datasetRole)
        try c.encode(dataDigest, forKey: .dataDigest)
        try c.encode(overall, forKey: .overall)
        try c.encode(groups, forKey: .groups)
        try c.encode(disparities, forKey: .disparities)
    }
}

/// The groups of one sensitive partition: one column (`sex`) or the intersection of several.
public struct GroupPartition: Hashable, Codable, Sendable {
    /// The sensitive columns (key `sensitive`).
    public var sensitive: [String]
    /// The groups (key `groups`).
    public var groups: [GroupFact]

    /// Creates a partition.
    /// - Parameters:
    ///   - sensitive: Columns.
    ///   - groups: Groups.
    public init(sensitive: [String], groups: [GroupFact]) {
        self.sensitive = sensitive
        self.groups = groups
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case sensitive, groups }

    /// Decodes a partition, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sensitive = try c.decode([String].self, forKey: .sensitive)
        groups = try c.decodeIfPresent([GroupFact].self, forKey: .groups) ?? []
    }
}

/// One group's size and metrics.
public struct GroupFact: Hashable, Codable, Sendable {
    /// The group's label, e.g. `F` or `F & black` (key `group`).
    public var group: String
    /// The number of rows (key `size`).
    public var size: Int
    /// Whether the evaluation judged the group too small to report on (key `insufficient`).
    public var insufficient: Bool
    /// The group's metrics by name (key `metrics`).
    public var metrics: [String: MetricValue]

    /// Creates a group fact.
    /// - Parameters:
    ///   - group: Label.
    ///   - size: Row count.
    ///   - insufficient: Too small.
    ///   - metrics: Metrics.
    public init(group: String, size: Int, insufficient: Bool = false, metrics: [String: MetricValue] = [:]) {
        self.group = group
        self.size = size
        self.insufficient = insufficient
        self.metrics = metrics
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case group, size, insufficient, metrics }

    /// Decodes a group, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(String.self, forKey: .group)
        size = try c.decode(Int.self, forKey: .size)
        insufficient = try c.decodeIfPresent(Bool.self, forKey: .insufficient) ?? false
        metrics = try c.decodeIfPresent([String: MetricValue].self, forKey: .metrics) ?? [:]
    }
}

/// A disparity measure computed by the evaluation.
public struct DisparityFact: Hashable, Codable, Sendable {
    /// The measure (key `metric`).
    public var metric: FairnessMetric
    /// How groups were compared (key `method`, default `between_groups`).
    public var method: DisparityMethod
    /// For equalized odds, how TPR and FPR were combined (key `agg`, default `worst_case`).
    public var aggregation: DisparityAggregation?
    /// The sensitive columns (key `sensitive`).
    public var sensitive: [String]
    /// The value (key `value`).
    public var value: MetricValue
    /// A bootstrap confidence interval, if computed (key `interval`).
    public var interval: IntervalFact?

    /// Creates a disparity fact.
    /// - Parameters:
    ///   - metric: Measure.
    ///   - method: Comparison method.
    ///   - aggregation: Equalized-odds aggregation.
    ///   - sensitive: Columns.
    ///   - value: Value.
    ///   - interval: Confidence interval.
    public init(
        metric: FairnessMetric, method: DisparityMethod = .betweenGroups, aggregation: DisparityAggregation? = nil,
        sensitive: [String], value: MetricValue, interval: IntervalFact? = nil
    ) {
        self.metric = metric
        self.method = method
        self.aggregation = aggregation
        self.sensitive = sensitive
        self.value = value
        self.interval = interval
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case metric, method, aggregation = "agg", sensitive, value, interval
    }

    /// Decodes a disparity, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metric = try c.decode(FairnessMetric.self, forKey: .metric)
        method = try c.decodeIfPresent(DisparityMethod.self, forKey: .method) ?? .betweenGroups
        aggregation = try c.decodeIfPresent(DisparityAggregation.self, forKey: .aggregation)
        sensitive = try c.decode([String].self, forKey: .sensitive)
        value = try c.decode(MetricValue.self, forKey: .value)
        interval = try c.decodeIfPresent(IntervalFact.self, forKey: .interval)
    }
}

/// A disparity's bootstrap confidence interval as a rule judges it: both ends defined, with the
/// confidence level. AttestMetrics' `ConfidenceInterval` is what the bootstrap computed (ends that
/// may be undefined, and how many replicates defined them); the facts builder keeps an interval
/// only when both its ends are numbers.
public struct IntervalFact: Hashable, Codable, Sendable {
    /// The lower end (key `lower`).
    public var lower: Double
    /// The upper end (key `upper`).
    public var upper: Double
    /// The confidence level, e.g. 0.95 (key `level`).
    public var level: Double?

    /// Creates an interval.
    /// - Parameters:
    ///   - lower: Lower end.
    ///   - upper: Upper end.
    ///   - level: Confidence level.
    public init(lower: Double, upper: Double, level: Double? = nil) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}
