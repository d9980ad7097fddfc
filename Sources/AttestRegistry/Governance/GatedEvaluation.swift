import AttestMetrics
import Foundation

/// What the gates read of an `evaluation.recorded` payload, and nothing else: the data file's
/// role and digest, the overall metrics, each grouping's groups (label, size, metrics) and
/// disparities, and the bootstrap's confidence level.
///
/// The rest of the payload is never gated and is most of its numbers: the report's curves (the
/// charts' ROC, precision-recall and calibration points) and every group's metric intervals,
/// weights and values. `attest verify` still decodes every payload whole (the evaluation
/// projection), so a malformed field that a decision skips is reported there.
struct GatedEvaluation: Decodable, Equatable {
    /// The report fields the gates read.
    struct Report: Decodable, Equatable {
        var overall: [String: MetricValue]
        var groupings: [Grouping]
        var bootstrap: Bootstrap?
    }

    /// The bootstrap: only its confidence level qualifies the intervals.
    struct Bootstrap: Decodable, Equatable {
        var confidenceLevel: Double
    }

    /// One grouping: its sensitive columns, groups, disparities and four-fifths ratio.
    struct Grouping: Decodable, Equatable {
        var columns: [String]
        var groups: [Group]
        var disparities: [Disparity]
        var fourFifths: FourFifths?
    }

    /// One group of a grouping.
    struct Group: Decodable, Equatable {
        var label: String
        var count: Int
        var insufficient: Bool
        var metrics: [String: MetricValue]
    }

    /// One disparity with its bootstrap interval.
    struct Disparity: Decodable, Equatable {
        var name: String
        var method: String
        var aggregation: String?
        var value: MetricValue
        var interval: Interval?
    }

    /// A bootstrap interval's bounds.
    struct Interval: Decodable, Equatable {
        var lower: MetricValue
        var upper: MetricValue
    }

    /// The four-fifths rule's ratio.
    struct FourFifths: Decodable, Equatable {
        var ratio: MetricValue
    }

    /// The data file: only its digest is gated.
    struct DataFile: Decodable, Equatable {
        var digest: String
    }

    var datasetRole: String
    var data: DataFile
    var report: Report
}
