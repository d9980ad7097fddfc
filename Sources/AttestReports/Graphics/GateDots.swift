import Foundation

/// Every numeric gate of a decision: the observed value as a dot, its bootstrap interval as an
/// error bar, and the policy bound as a dashed line, one row per rule on a shared axis.
enum GateDots {
    static let labelWidth = 300.0
    static let axisWidth = 380.0
    static let rowHeight = 22.0

    static func layout(_ chart: GateChart) -> [String: Any] {
        let scale = ChartScale(
            covering: chart.points.flatMap { [$0.value, $0.bound] + [$0.lower, $0.upper].compactMap { $0 } }, from: labelWidth,
            to: labelWidth + axisWidth)
        let rows = chart.points.enumerated().map { index, point -> [String: Any] in
            let y = 18 + Double(index) * rowHeight
            return [
                "label": ViewTree.safe(LineageGraph.clip("\(point.rule): \(point.metric)", 48)), "textY": LineageGraph.fmt(y + 4),
                "y": LineageGraph.fmt(y), "x": scale.text(point.value), "hasInterval": point.lower != nil && point.upper != nil,
                "lowerX": scale.text(point.lower ?? point.value), "upperX": scale.text(point.upper ?? point.value),
                "capTop": LineageGraph.fmt(y - 5), "capBottom": LineageGraph.fmt(y + 5),
                "boundX": scale.text(point.bound), "boundTop": LineageGraph.fmt(y - 9), "boundBottom": LineageGraph.fmt(y + 9),
                "valueX": LineageGraph.fmt(labelWidth + axisWidth + 8),
                "valueText": "\(Numbers.fixed(point.value, 3)) \(point.comparison) \(Numbers.fixed(point.bound, 3))",
                "dotClass": ["pass": "dot-ok", "fail": "dot-bad", "error": "dot-bad"][point.status] ?? "dot-warn",
            ]
        }
        let bottom = 18 + Double(chart.points.count) * rowHeight
        return [
            "rows": rows, "width": LineageGraph.fmt(labelWidth + axisWidth + 130), "height": LineageGraph.fmt(bottom + 14),
            "axisY": LineageGraph.fmt(bottom - 6), "axisStartX": LineageGraph.fmt(labelWidth),
            "axisEndX": LineageGraph.fmt(labelWidth + axisWidth),
            "axisTextY": LineageGraph.fmt(bottom + 8), "axisLow": Numbers.fixed(scale.low, 2), "axisHigh": Numbers.fixed(scale.high, 2),
            "alt": ViewTree.safe(alt(chart)),
        ]
    }

    /// The chart in words: its text alternative.
    static func alt(_ chart: GateChart) -> String {
        "Numeric gates of decision \(chart.decision): "
            + chart.points.map { point in
                var text = "\(point.rule) \(point.metric) \(Numbers.fixed(point.value, 3))"
                if let lower = point.lower, let upper = point.upper {
                    text += " [\(Numbers.fixed(lower, 3)), \(Numbers.fixed(upper, 3))]"
                }
                return text + ", bound \(point.comparison) \(Numbers.fixed(point.bound, 3)), \(point.status)"
            }.joined(separator: "; ")
    }
}
