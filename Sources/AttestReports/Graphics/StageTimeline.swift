import AttestLedger
import Foundation

/// The stage timeline: one row per version, a bar per stage from when it was entered until it
/// was left (or the report's time), on a shared time axis.
enum StageTimeline {
    static let labelWidth = 60.0
    static let plotWidth = 600.0
    static let rowHeight = 24.0

    static func layout(_ versions: [VersionStatus], now: String) -> [String: Any] {
        let times = versions.flatMap { $0.stages.flatMap { [$0.from] + ($0.until.map { [$0] } ?? []) } } + [now]
        let seconds = times.compactMap(ISOTime.parse).map(\.timeIntervalSince1970)
        let start = seconds.min() ?? 0
        let end = max(seconds.max() ?? 1, start + 1)
        func x(_ time: String) -> Double {
            let value = ISOTime.parse(time)?.timeIntervalSince1970 ?? end
            return labelWidth + (value - start) / (end - start) * plotWidth
        }
        let rows = versions.enumerated().map { index, version -> [String: Any] in
            let y = 10 + Double(index) * rowHeight
            let bars = version.stages.map { span -> [String: Any] in
                let x1 = x(span.from)
                let x2 = max(x(span.until ?? now), x1 + 2)
                return [
                    "x": LineageGraph.fmt(x1), "y": LineageGraph.fmt(y), "width": LineageGraph.fmt(x2 - x1),
                    "height": LineageGraph.fmt(rowHeight - 6), "stage": span.stage, "stageClass": "stage-\(span.stage)",
                    "title":
                        "v\(version.version) \(span.stage) from \(span.from)\(span.until.map { " until \($0)" } ?? "") (entry \(span.entry))",
                ]
            }
            return ["label": "v\(version.version)", "labelY": LineageGraph.fmt(y + 13), "bars": bars]
        }
        let height = 10 + Double(versions.count) * rowHeight + 24
        return [
            "width": LineageGraph.fmt(labelWidth + plotWidth + 20), "height": LineageGraph.fmt(height), "rows": rows,
            "axisY": LineageGraph.fmt(height - 18), "axisTextY": LineageGraph.fmt(height - 4),
            "axisStart": String(ISOTime.string(Date(timeIntervalSince1970: start)).prefix(10)),
            "axisEnd": String(ISOTime.string(Date(timeIntervalSince1970: end)).prefix(10)),
            "axisEndX": LineageGraph.fmt(labelWidth + plotWidth), "axisStartX": LineageGraph.fmt(labelWidth),
            "stages": ["development", "staging", "production", "archived"].enumerated().map { index, stage in
                [
                    "stage": stage, "stageClass": "stage-\(stage)", "x": LineageGraph.fmt(labelWidth + Double(index) * 130),
                    "textX": LineageGraph.fmt(labelWidth + Double(index) * 130 + 14),
                ]
            },
        ]
    }
}
