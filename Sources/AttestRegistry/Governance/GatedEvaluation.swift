import AttestMetrics
import Foundation

/// What the gates read of an `evaluation.recorded` payload: the data file's role and digest, the
/// overall metrics, the groupings and the bootstrap's confidence level. The report's curves (the
/// charts' ROC, precision-recall and calibration points) are never gated and are most of the
/// payload's numbers, so a decision does not decode them. `attest verify` still decodes every
/// payload whole (the evaluation projection), so a malformed one is reported there.
struct GatedEvaluation: Decodable {
    /// The report fields the gates read.
    struct Report: Decodable {
        var overall: [String: MetricValue]
        var groupings: [GroupingReport]
        var bootstrap: BootstrapSummary?
    }

    /// The data file: only its digest is gated.
    struct DataFile: Decodable {
        var digest: String
    }

    var datasetRole: String
    var data: DataFile
    var report: Report
}
