import AttestMetrics
import Foundation

/// ROC, precision-recall and calibration curves of an evaluation as unit-square line plots:
/// everyone as a thick line, each group of one sensitive column as a thinner coloured line, a
/// dashed reference line (chance for ROC, the positive rate for precision-recall, perfect
/// calibration), a legend, and the points in words.
enum CurvePlot {
    static let width = 300.0
    static let height = 250.0
    static let left = 34.0
    static let top = 12.0
    static let plot = 190.0
    /// Colour classes for groups (`c1` … `c6`, cycled); `c0` is everyone.
    static let palette = 6

    /// One line: its name and points in [0, 1]².
    struct Series {
        var label: String
        var points: [(x: Double, y: Double)]
    }

    /// The plots of one evaluation: ROC, precision-recall and calibration, each of everyone and
    /// the groups of each sensitive column.
    static func charts(_ curves: EvaluationCurves) -> [[String: Any]] {
        var out: [[String: Any]] = []
        let columns = curves.groups.reduce(into: [String]()) { if !$0.contains($1.column) { $0.append($1.column) } }
        let splits: [String?] = columns.isEmpty ? [nil] : columns.map { $0 }
        for column in splits {
            let groups = curves.groups.filter { $0.column == column }
            let by = column.map { " by \($0)" } ?? ""
            if let roc = curves.overall.roc {
                let series =
                    [Series(label: "all rows", points: roc.map { ($0.x, $0.y) })]
                    + groups.compactMap { group in group.curves.roc.map { Series(label: group.label, points: $0.map { ($0.x, $0.y) }) } }
                out.append(
                    layout(
                        title: "ROC" + by, xLabel: "false positive rate", yLabel: "true positive rate", series: series,
                        reference: [(0, 0), (1, 1)], referenceText: "chance"))
            }
            if let pr = curves.overall.precisionRecall {
                let matrix = curves.overall.confusion
                let total = matrix.truePositive + matrix.falsePositive + matrix.trueNegative + matrix.falseNegative
                let base = total > 0 ? (matrix.truePositive + matrix.falseNegative) / total : 0
                let series =
                    [Series(label: "all rows", points: pr.map { ($0.x, $0.y) })]
                    + groups.compactMap { group in
                        group.curves.precisionRecall.map { Series(label: group.label, points: $0.map { ($0.x, $0.y) }) }
                    }
                out.append(
                    layout(
                        title: "Precision-recall" + by, xLabel: "recall", yLabel: "precision", series: series,
                        reference: [(0, base), (1, base)], referenceText: "positive rate \(Numbers.fixed(base, 3))"))
            }
            if let bins = curves.overall.calibration, !bins.isEmpty {
                let series =
                    [Series(label: "all rows", points: bins.map { ($0.meanScore, $0.positiveRate) })]
                    + groups.compactMap { group in
                        group.curves.calibration.flatMap { bins in
                            bins.isEmpty ? nil : Series(label: group.label, points: bins.map { ($0.meanScore, $0.positiveRate) })
                        }
                    }
                out.append(
                    layout(
                        title: "Calibration" + by, xLabel: "mean score in bin", yLabel: "fraction positive", series: series,
                        reference: [(0, 0), (1, 1)], referenceText: "perfectly calibrated", dots: true))
            }
        }
        return out
    }

    static func layout(
        title: String, xLabel: String, yLabel: String, series: [Series], reference: [(Double, Double)], referenceText: String,
        dots: Bool = false
    ) -> [String: Any] {
        func x(_ value: Double) -> String { LineageGraph.fmt(left + min(max(value, 0), 1) * plot) }
        func y(_ value: Double) -> String { LineageGraph.fmt(top + (1 - min(max(value, 0), 1)) * plot) }
        let bottom = top + plot
        let lines = series.enumerated().map { index, line -> [String: Any] in
            let path = line.points.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(x($0.element.x)),\(y($0.element.y))" }
                .joined(separator: " ")
            return [
                "path": path, "class": index == 0 ? "curve c0" : "curve c\((index - 1) % palette + 1)",
                "swatchClass": index == 0 ? "swatch c0" : "swatch c\((index - 1) % palette + 1)",
                "label": ViewTree.safe(LineageGraph.clip(line.label, 22)),
                "legendY": LineageGraph.fmt(top + 10 + Double(index) * 13),
                "dots": dots ? line.points.map { ["cx": x($0.x), "cy": y($0.y)] } : [],
            ]
        }
        return [
            "title": ViewTree.safe(title), "width": LineageGraph.fmt(width), "height": LineageGraph.fmt(height),
            "axisX": LineageGraph.fmt(left), "axisTop": LineageGraph.fmt(top), "axisBottom": LineageGraph.fmt(bottom),
            "axisRight": LineageGraph.fmt(left + plot), "midX": LineageGraph.fmt(left + plot / 2), "midY": LineageGraph.fmt(top + plot / 2),
            "xLabel": xLabel, "yLabel": yLabel, "xLabelY": LineageGraph.fmt(bottom + 26), "tickY": LineageGraph.fmt(bottom + 12),
            "referencePath": "M\(x(reference[0].0)),\(y(reference[0].1)) L\(x(reference[1].0)),\(y(reference[1].1))",
            "referenceText": referenceText, "legendX": LineageGraph.fmt(left + plot + 8),
            "legendTextX": LineageGraph.fmt(left + plot + 20), "lines": lines, "alt": ViewTree.safe(alt(title, xLabel, yLabel, series)),
        ]
    }

    /// The chart in words: each line's points (x, y), three decimals.
    static func alt(_ title: String, _ xLabel: String, _ yLabel: String, _ series: [Series]) -> String {
        "\(title), \(xLabel) against \(yLabel): "
            + series.map { line in
                line.label + " "
                    + line.points.map { "(\(Numbers.fixed($0.x, 3)), \(Numbers.fixed($0.y, 3)))" }.joined(separator: " ")
            }.joined(separator: "; ")
    }
}
