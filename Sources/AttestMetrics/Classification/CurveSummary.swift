/// The curves of a binary classification evaluation in a bounded size, recorded with it
/// (`EvaluationReport.curves`) so that reports can draw ROC, precision-recall and calibration
/// curves and confusion matrices without the data (docs/evaluation.md, "Curves").
///
/// Every point is one of scikit-learn's: the ROC and precision-recall curves are
/// `roc_curve` and `precision_recall_curve` (`drop_intermediate=False`) thinned to at most
/// ``maxPoints`` points by ``Curves/thin(_:to:)``, calibration is `calibration_curve`
/// (`strategy="uniform"`, ``calibrationBins`` bins, unweighted as scikit-learn's is), and
/// the confusion matrix is `confusion_matrix` of the recorded predictions (with weights).
public struct EvaluationCurves: Sendable, Codable, Equatable {
    /// Points kept per curve for the whole population.
    public static let overallPoints = 51
    /// Points kept per curve for each group.
    public static let groupPoints = 21
    /// Calibration bins (equal width on [0, 1]).
    public static let bins = 10

    /// The most points a curve of ``overall`` holds.
    public var maxPoints: Int
    /// The most points a curve of a group holds.
    public var groupMaxPoints: Int
    /// The number of calibration bins.
    public var calibrationBins: Int
    /// Every evaluated row.
    public var overall: CurveSummary
    /// Each group of each single sensitive column (not the intersection), in the order of
    /// `EvaluationReport.groupings`.
    public var groups: [GroupCurves]

    /// Makes a record.
    public init(maxPoints: Int, groupMaxPoints: Int, calibrationBins: Int, overall: CurveSummary, groups: [GroupCurves]) {
        self.maxPoints = maxPoints
        self.groupMaxPoints = groupMaxPoints
        self.calibrationBins = calibrationBins
        self.overall = overall
        self.groups = groups
    }
}

/// The curves of one group.
public struct GroupCurves: Sendable, Codable, Equatable {
    /// The sensitive column.
    public var column: String
    /// The group's value.
    public var label: String
    /// Its curves.
    public var curves: CurveSummary

    /// Makes a record.
    public init(column: String, label: String, curves: CurveSummary) {
        self.column = column
        self.label = label
        self.curves = curves
    }
}

/// One population's confusion matrix and, when scores were given, its curves.
public struct CurveSummary: Sendable, Codable, Equatable {
    /// The confusion matrix of the recorded predictions.
    public var confusion: ConfusionMatrix
    /// ROC points (x false positive rate, y true positive rate), thinned; `nil` without scores
    /// or when only one class is present.
    public var roc: [Curves.Point]?
    /// Precision-recall points (x recall, y precision), thinned; `nil` without scores or positives.
    public var precisionRecall: [Curves.Point]?
    /// Calibration bins (non-empty ones); `nil` without scores or when a score is outside [0, 1].
    public var calibration: [Curves.CalibrationBin]?
    /// Why a curve is missing, when one is.
    public var note: String?

    /// Makes a record.
    public init(
        confusion: ConfusionMatrix, roc: [Curves.Point]?, precisionRecall: [Curves.Point]?, calibration: [Curves.CalibrationBin]?,
        note: String?
    ) {
        self.confusion = confusion
        self.roc = roc
        self.precisionRecall = precisionRecall
        self.calibration = calibration
        self.note = note
    }
}

/// A weighted confusion matrix (each cell the sum of its rows' weights, 1 per row without a
/// weight column), as scikit-learn's `confusion_matrix` with `sample_weight`.
public struct ConfusionMatrix: Sendable, Codable, Equatable {
    /// Label positive, predicted positive.
    public var truePositive: Double
    /// Label negative, predicted positive.
    public var falsePositive: Double
    /// Label negative, predicted negative.
    public var trueNegative: Double
    /// Label positive, predicted negative.
    public var falseNegative: Double
    /// Rows counted.
    public var rows: Int

    /// Makes a matrix.
    public init(truePositive: Double, falsePositive: Double, trueNegative: Double, falseNegative: Double, rows: Int) {
        self.truePositive = truePositive
        self.falsePositive = falsePositive
        self.trueNegative = trueNegative
        self.falseNegative = falseNegative
        self.rows = rows
    }
}

extension Curves {
    /// At most `limit` points of a curve, its first and last among them: all of them when there
    /// are no more than `limit`, else those at positions `(i * (n - 1) + (limit - 1) / 2) /
    /// (limit - 1)` (integer division) for `i` in `0..<limit`, which are distinct and evenly
    /// spread over the curve's distinct thresholds.
    /// - Parameters:
    ///   - points: the curve.
    ///   - limit: the most points to keep (at least 2).
    /// - Returns: the kept points, in order.
    public static func thin<T>(_ points: [T], to limit: Int) -> [T] {
        let n = points.count
        guard limit >= 2, n > limit else { return points }
        return (0..<limit).map { points[($0 * (n - 1) + (limit - 1) / 2) / (limit - 1)] }
    }
}
