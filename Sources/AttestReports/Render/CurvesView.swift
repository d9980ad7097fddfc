import AttestMetrics
import Foundation

/// What templates show of an evaluation's recorded curves: the plots' geometry, the confusion
/// matrix drawn and per group, the calibration bins as rows, or why there are none.
enum CurvesView {
    static func context(_ item: EvaluationItem) -> Any {
        guard let curves = item.curves else {
            guard let missing = item.curvesMissing else { return false }
            let view: [String: Any] = ["recorded": false, "missingText": ViewTree.safe(missing)]
            return view
        }
        let overall = curves.overall
        let groups = curves.groups.map { group -> [String: Any] in
            row(group.curves.confusion, column: group.column, label: group.label)
        }
        let calibration = (overall.calibration ?? []).map { bin -> [String: Any] in
            [
                "range": "\(Numbers.fixed(bin.lower, 1))–\(Numbers.fixed(bin.upper, 1))", "meanScore": Numbers.fixed(bin.meanScore, 3),
                "positiveRate": Numbers.fixed(bin.positiveRate, 3), "count": String(bin.count),
            ]
        }
        let view: [String: Any] = [
            "recorded": true, "missingText": false, "charts": CurvePlot.charts(curves),
            "confusions": confusions(curves),
            "overallRow": row(overall.confusion, column: "", label: "all rows"),
            "groupRows": groups, "hasGroups": !groups.isEmpty, "calibration": calibration, "hasCalibration": !calibration.isEmpty,
            "pointsText": pointsText(curves), "noteText": overall.note.map { ViewTree.safe($0) as Any } ?? false,
        ]
        return view
    }

    /// The confusion matrices drawn: everyone's, then each group's, each with its caption.
    static func confusions(_ curves: EvaluationCurves) -> [[String: Any]] {
        var everyone = ConfusionChart.layout(curves.overall.confusion)
        everyone["caption"] = "Confusion matrix of the recorded predictions (weighted when a weight column was used)."
        return [everyone]
            + curves.groups.map { group in
                var chart = ConfusionChart.layout(group.curves.confusion, title: "Confusion matrix, \(group.column) = \(group.label)")
                chart["caption"] = ViewTree.safe("Confusion matrix of the rows where \(group.column) is \(group.label).")
                return chart
            }
    }

    static func row(_ matrix: ConfusionMatrix, column: String, label: String) -> [String: Any] {
        [
            "column": ViewTree.safe(column), "label": ViewTree.safe(label), "rows": String(matrix.rows),
            "tp": ConfusionChart.number(matrix.truePositive), "fp": ConfusionChart.number(matrix.falsePositive),
            "tn": ConfusionChart.number(matrix.trueNegative), "fn": ConfusionChart.number(matrix.falseNegative),
        ]
    }

    /// How many points were recorded, for the caption and the Markdown form.
    static func pointsText(_ curves: EvaluationCurves) -> String {
        let overall = curves.overall
        var parts: [String] = []
        if let roc = overall.roc { parts.append("ROC \(roc.count) points") }
        if let pr = overall.precisionRecall { parts.append("precision-recall \(pr.count) points") }
        if let bins = overall.calibration { parts.append("calibration \(bins.count) of \(curves.calibrationBins) bins non-empty") }
        if !curves.groups.isEmpty { parts.append("\(curves.groups.count) groups with at most \(curves.groupMaxPoints) points per curve") }
        return parts.isEmpty ? "confusion matrix only" : parts.joined(separator: ", ")
    }
}
