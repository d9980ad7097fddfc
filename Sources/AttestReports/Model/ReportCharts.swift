import Foundation

/// The numbers behind the report's charts that the other sections do not already hold
/// (docs/report-schema.md, "Charts"). Drift histograms are in `monitoring[].columns[].bins`,
/// per-group metrics in `evaluations[].groupings`.
public struct ReportCharts: Codable, Sendable, Equatable {
    /// Per decision, every numeric gate (metric and fairness thresholds) with its bound.
    public var gates: [GateChart] = []
    /// Per gated overall metric, its value in each version's latest evaluation.
    public var trends: [TrendChart] = []

    /// No charts.
    public init(gates: [GateChart] = [], trends: [TrendChart] = []) {
        self.gates = gates
        self.trends = trends
    }
}

/// The numeric gates of one decision.
public struct GateChart: Codable, Sendable, Equatable {
    /// The decision's entry.
    public var decision: UInt64
    /// The version decided on.
    public var version: Int?
    /// One point per numeric gate, in rule order.
    public var points: [GatePoint]
}

/// One numeric gate: what was observed, its bootstrap interval when recorded, and the bound.
public struct GatePoint: Codable, Sendable, Equatable {
    /// The rule's id.
    public var rule: String
    /// The metric the rule reads, as its message names it (e.g. `roc_auc`, `demographic_parity_ratio`).
    public var metric: String
    /// The evaluation entry the value comes from, when the rule cites one.
    public var evaluation: UInt64?
    /// The observed value.
    public var value: Double
    /// The bootstrap interval's lower end, when the evaluation recorded one.
    public var lower: Double?
    /// Its upper end.
    public var upper: Double?
    /// The bound.
    public var bound: Double
    /// `>=`, `>`, `<=` or `<`.
    public var comparison: String
    /// The rule's status (`pass`, `fail`, `overridden`, …).
    public var status: String
}

/// One gated metric across versions.
public struct TrendChart: Codable, Sendable, Equatable {
    /// The overall metric.
    public var metric: String
    /// The latest bound a decision applied to it, when any.
    public var bound: Double?
    /// One point per version with an evaluation, in version order.
    public var points: [TrendPoint]
}

/// A version's value of a metric.
public struct TrendPoint: Codable, Sendable, Equatable {
    /// The version.
    public var version: Int
    /// Its latest evaluation's entry.
    public var evaluation: UInt64
    /// The value, absent when undefined.
    public var value: Double?
    /// The bootstrap interval, when recorded.
    public var lower: Double?
    /// Its upper end.
    public var upper: Double?
}
