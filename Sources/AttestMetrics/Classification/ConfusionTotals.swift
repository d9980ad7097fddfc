/// Weighted confusion-matrix cells of one group (or of everything), plus the sums needed for
/// score metrics, and the binary classification metrics computed from them.
///
/// With weights w: TP = sum of w over label 1 & prediction 1, and so on. Every rate is a
/// ratio of weighted sums, as scikit-learn computes it with `sample_weight`. A ratio whose
/// denominator is 0 is undefined (scikit-learn returns 0 with a warning).
struct ConfusionTotals {
    var tn = 0.0, fp = 0.0, fn = 0.0, tp = 0.0
    var count = 0.0
    var logLoss = 0.0
    var brier = 0.0
    var aucNumerator = 0.0

    var weight: Double { tn + fp + fn + tp }

    /// Undefined reasons (constant strings: no allocation in bootstrap replicates).
    enum Reason {
        static let empty = "the group has no rows (zero total weight)"
        static let noPositives = "no positive labels (TP + FN = 0)"
        static let noNegatives = "no negative labels (FP + TN = 0)"
        static let noPredictedPositives = "no positive predictions (TP + FP = 0)"
        static let f1 = "no positive labels and no positive predictions (2TP + FP + FN = 0)"
        static let oneClass = "only one class is present in the labels"
        static let noScore = "no score column"
    }

    /// Metrics in ``MetricCatalog/classification`` order.
    func metrics(probabilityProblem: String?, hasScore: Bool) -> [MetricValue] {
        let w = weight
        let pos = tp + fn
        let neg = fp + tn
        func ratio(_ a: Double, _ b: Double, _ reason: String) -> MetricValue {
            b > 0 ? .defined(a / b) : .undefined(reason: reason)
        }
        let recall = ratio(tp, pos, Reason.noPositives)
        let tnr = ratio(tn, neg, Reason.noNegatives)
        let balanced: MetricValue
        if let r = recall.value, let t = tnr.value {
            balanced = .defined((r + t) / 2)
        } else {
            balanced = .undefined(reason: recall.undefinedReason ?? tnr.undefinedReason ?? Reason.empty)
        }
        var out: [MetricValue] = [
            .defined(count), .defined(w), .defined(pos), .defined(neg),
            ratio(tp + fp, w, Reason.empty),
            ratio(tp + tn, w, Reason.empty),
            balanced,
            ratio(tp, tp + fp, Reason.noPredictedPositives),
            recall,
            ratio(fp, neg, Reason.noNegatives),
            ratio(fn, pos, Reason.noPositives),
            tnr,
            ratio(2 * tp, 2 * tp + fp + fn, Reason.f1),
        ]
        if hasScore {
            out.append(
                pos > 0 && neg > 0 ? .defined(aucNumerator / (pos * neg)) : .undefined(reason: w > 0 ? Reason.oneClass : Reason.empty))
            if let probabilityProblem {
                out.append(.undefined(reason: probabilityProblem))
                out.append(.undefined(reason: probabilityProblem))
            } else {
                out.append(ratio(logLoss, w, Reason.empty))
                out.append(ratio(brier, w, Reason.empty))
            }
        } else {
            out.append(.undefined(reason: Reason.noScore))
            out.append(.undefined(reason: Reason.noScore))
            out.append(.undefined(reason: Reason.noScore))
        }
        return out
    }

    /// Index of a metric in ``MetricCatalog/classification``.
    enum Index {
        static let selectionRate = 4
        static let recall = 8
        static let falsePositiveRate = 9
        static let firstRate = 4
        static let rocAUC = 13
    }
}
