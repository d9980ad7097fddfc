import Foundation

/// Per-group bars beside a fairness table: one bar per group for each metric of the grouping
/// (selection rate first), scaled to 0-1, with the four-fifths line for the selection rate.
enum GroupBars {
    static let labelWidth = 150.0
    static let barWidth = 260.0
    static let rowHeight = 18.0

    static func layout(_ grouping: GroupingTable) -> [String: Any] {
        let metric = grouping.metricNames.first ?? ""
        let values = grouping.groups.map { group in group.metrics.first { $0.name == metric }?.value }
        let scale = max(1.0, values.compactMap { $0 }.max() ?? 1)
        let bars = grouping.groups.enumerated().map { index, group -> [String: Any] in
            let y = 4 + Double(index) * rowHeight
            let value = values[index]
            return [
                "label": LineageGraph.clip(group.label, 24), "y": LineageGraph.fmt(y), "textY": LineageGraph.fmt(y + 12),
                "x": LineageGraph.fmt(labelWidth), "width": LineageGraph.fmt(max(0, (value ?? 0) / scale * barWidth)),
                "height": LineageGraph.fmt(rowHeight - 5), "value": value.map { Numbers.fixed($0, 3) } ?? "undefined",
                "valueX": LineageGraph.fmt(labelWidth + barWidth + 6), "insufficient": group.insufficient,
            ]
        }
        var out: [String: Any] = [
            "metric": metric, "bars": bars, "width": LineageGraph.fmt(labelWidth + barWidth + 60),
            "height": LineageGraph.fmt(8 + Double(bars.count) * rowHeight), "fourFifths": false,
        ]
        if metric == "selection_rate", let highest = values.compactMap({ $0 }).max(), highest > 0 {
            out["fourFifths"] = true
            out["lineX"] = LineageGraph.fmt(labelWidth + 0.8 * highest / scale * barWidth)
            out["lineY2"] = LineageGraph.fmt(4 + Double(bars.count) * rowHeight)
        }
        return out
    }
}
