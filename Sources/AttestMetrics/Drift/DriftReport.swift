/// How much a column's distribution moved, from its population stability index.
public enum DriftBand: String, Sendable, Codable, CaseIterable {
    /// PSI < 0.1.
    case stable
    /// 0.1 <= PSI <= 0.25.
    case moderate
    /// PSI > 0.25.
    case significant

    /// The band of a PSI value.
    /// - Parameter psi: The population stability index.
    /// - Returns: The band.
    public static func of(psi: Double) -> DriftBand {
        if psi < 0.1 { return .stable }
        if psi <= 0.25 { return .moderate }
        return .significant
    }
}

/// One bin (numeric) or category (categorical) of a drift comparison.
public struct DriftBin: Sendable, Codable, Equatable {
    /// `(-inf, e1]`, `(e1, e2]`, ..., `(e9, inf)` for numeric bins, or the category.
    public var label: String
    /// Reference rows in the bin.
    public var referenceCount: Int
    /// Current rows in the bin.
    public var currentCount: Int
}

/// Drift of one column.
public struct ColumnDrift: Sendable, Codable, Equatable {
    /// The column.
    public var name: String
    /// `numeric` or `categorical`.
    public var kind: ColumnKind
    /// Non-missing reference values.
    public var referenceCount: Int
    /// Non-missing current values.
    public var currentCount: Int
    /// Missing reference values (ignored).
    public var referenceMissing: Int
    /// Missing current values (ignored).
    public var currentMissing: Int
    /// Statistics by name: numeric columns have psi, ks_statistic, ks_pvalue, js_distance;
    /// categorical columns psi, chi2_statistic, chi2_pvalue, js_distance.
    public var statistics: [String: MetricValue]
    /// The PSI band, when the PSI is defined.
    public var band: DriftBand?
    /// The bins or categories.
    public var bins: [DriftBin]
    /// How the p-value was computed (`exact`/`asymptotic` for KS, `chi2_contingency` otherwise).
    public var pValueMethod: String?
}

/// Drift between a reference and a current data set.
public struct DriftReport: Sendable, Codable, Equatable {
    /// The reference input's name.
    public var reference: String
    /// The current input's name.
    public var current: String
    /// Reference rows.
    public var referenceRows: Int
    /// Current rows.
    public var currentRows: Int
    /// One entry per compared column, in the requested order.
    public var columns: [ColumnDrift]
}
