import Foundation

/// A gated metric across versions: one point per version (its latest evaluation) joined by a
/// line, bootstrap intervals as error bars, and the latest bound as a dashed line.
enum TrendLines {
    static let width = 340.0
    static let height = 170.0
    static let left = 44.0
    static let right = 16.0
    static let top = 22.0
    static let bottom = 28.0

    static func layout(_ chart: TrendChart) -> [String: Any] {
        let values = chart.points.flatMap { [$0.value, $0.lower, $0.upper].compactMap { $0 } } + [chart.bound].compactMap { $0 }
        let y = ChartScale(covering: values, from: height - bottom, to: top)
        let count = chart.points.count
        let step = count > 1 ? (width - left - right - 20) / Double(count - 1) : 0
        let xs = (0..<count).map { left + 10 + Double($0) * step + (count == 1 ? (width - left - right) / 2 - 10 : 0) }
        var path = ""
        for (index, point) in chart.points.enumerated() {
            guard let value = point.value else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(LineageGraph.fmt(xs[index])),\(y.text(value))"
        }
        let points = chart.points.enumerated().map { index, point -> [String: Any] in
            [
                "x": LineageGraph.fmt(xs[index]), "y": point.value.map { y.text($0) } ?? y.text(y.low), "defined": point.value != nil,
                "hasInterval": point.lower != nil && point.upper != nil, "lowerY": y.text(point.lower ?? 0),
                "upperY": y.text(point.upper ?? 0),
                "capLeft": LineageGraph.fmt(xs[index] - 4), "capRight": LineageGraph.fmt(xs[index] + 4),
                "label": "v\(point.version)", "labelY": LineageGraph.fmt(height - bottom + 14),
                "valueText": point.value.map { Numbers.fixed($0, 3) } ?? "undefined",
                "valueY": LineageGraph.fmt(max(10, (point.value.map { y($0) } ?? top) - 8)),
            ]
        }
        var out: [String: Any] = [
            "metric": ViewTree.safe(chart.metric), "width": LineageGraph.fmt(width), "height": LineageGraph.fmt(height), "path": path,
            "points": points,
            "axisX": LineageGraph.fmt(left), "axisTop": LineageGraph.fmt(top), "axisBottom": LineageGraph.fmt(height - bottom),
            "axisRight": LineageGraph.fmt(width - right), "lowText": Numbers.fixed(y.low, 2), "highText": Numbers.fixed(y.high, 2),
            "lowY": LineageGraph.fmt(height - bottom), "highY": LineageGraph.fmt(top + 4), "hasBound": chart.bound != nil,
            "alt": ViewTree.safe(alt(chart)),
        ]
        if let bound = chart.bound {
            out["boundY"] = y.text(bound)
            out["boundText"] = "bound \(Numbers.fixed(bound, 3))"
        }
        return out
    }

    /// The chart in words.
    static func alt(_ chart: TrendChart) -> String {
        "\(chart.metric) by version: "
            + chart.points.map { point in
                var text = "v\(point.version) " + (point.value.map { Numbers.fixed($0, 3) } ?? "undefined")
                if let lower = point.lower, let upper = point.upper { text += " [\(Numbers.fixed(lower, 3)), \(Numbers.fixed(upper, 3))]" }
                return text
            }.joined(separator: ", ") + (chart.bound.map { "; bound \(Numbers.fixed($0, 3))" } ?? "")
    }
}
