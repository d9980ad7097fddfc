public import AttestMetrics
public import Foundation

/// A drift monitoring result: current data compared with a reference.
public struct MonitoringFact: Hashable, Codable, Sendable {
    /// Its entry (key `seq`).
    public var seq: EntrySeq
    /// When it was recorded (key `time`).
    public var time: Date
    /// The reference data's digest (key `reference_digest`).
    public var referenceDigest: String?
    /// The current data's digest (key `current_digest`).
    public var currentDigest: String?
    /// Drift statistics per column (key `columns`).
    public var columns: [ColumnDrift]

    /// Creates a monitoring fact.
    /// - Parameters:
    ///   - seq: Entry.
    ///   - time: Recording time.
    ///   - referenceDigest: Reference digest.
    ///   - currentDigest: Current digest.
    ///   - columns: Per-column statistics.
    public init(
        seq: EntrySeq, time: Date, referenceDigest: String? = nil, currentDigest: String? = nil,
        columns: [ColumnDrift]
    ) {
        self.seq = seq
        self.time = time
        self.referenceDigest = referenceDigest
        self.currentDigest = currentDigest
        self.columns = columns
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case seq, time, referenceDigest = "reference_digest", currentDigest = "current_digest", columns
    }

    /// Decodes a monitoring result, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(EntrySeq.self, forKey: .seq)
        time = try c.decodeTime(forKey: .time)
        referenceDigest = try c.decodeIfPresent(String.self, forKey: .referenceDigest)
        currentDigest = try c.decodeIfPresent(String.self, forKey: .currentDigest)
        columns = try c.decodeIfPresent([ColumnDrift].self, forKey: .columns) ?? []
    }

    /// Encodes the result with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encodeTime(time, forKey: .time)
        try c.encodeIfPresent(referenceDigest, forKey: .referenceDigest)
        try c.encodeIfPresent(currentDigest, forKey: .currentDigest)
        try c.encode(columns, forKey: .columns)
    }
}

/// Drift statistics of one column, see ``DriftMetric``.
public struct ColumnDrift: Hashable, Codable, Sendable {
    /// The column (key `column`).
    public var column: String
    /// Statistics by name (key `metrics`).
    public var metrics: [String: MetricValue]

    /// Creates a column's drift.
    /// - Parameters:
    ///   - column: Column name.
    ///   - metrics: Statistics.
    public init(column: String, metrics: [String: MetricValue]) {
        self.column = column
        self.metrics = metrics
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case column, metrics }

    /// Decodes a column's drift, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        column = try c.decode(String.self, forKey: .column)
        metrics = try c.decodeIfPresent([String: MetricValue].self, forKey: .metrics) ?? [:]
    }
}
