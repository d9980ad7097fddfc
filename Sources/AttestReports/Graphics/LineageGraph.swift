import Foundation

/// The lineage drawn as an SVG picture: one box per version, left to right in version order,
/// arrows from parent to child, and under each version its code, datasets and artifacts, and
/// the number of evaluations and decisions. Geometry only: the template draws it, so every
/// label passes through the template's escaping.
enum LineageGraph {
    static let boxWidth = 190.0
    static let gap = 40.0
    static let rowHeight = 22.0

    static func layout(_ versions: [LineageVersion]) -> [String: Any] {
        let ordered = versions.sorted { $0.version < $1.version }
        var column: [Int: Int] = [:]
        for (index, version) in ordered.enumerated() { column[version.version] = index }
        var nodes: [[String: Any]] = []
        var edges: [[String: Any]] = []
        var height = 60.0
        for (index, version) in ordered.enumerated() {
            let x = 10 + Double(index) * (boxWidth + gap)
            var items: [(String, String)] = []
            if let code = version.code {
                items.append(
                    ("code", "\(code.repository.split(separator: "/").last.map(String.init) ?? code.repository)@\(code.commit.prefix(10))"))
            }
            for dataset in version.datasets {
                items.append(("dataset", "\(dataset.role ?? "data"): \(dataset.name) \(dataset.digest.dropFirst(7).prefix(8))"))
            }
            for artifact in version.artifacts { items.append(("artifact", "\(artifact.name) \(artifact.digest.dropFirst(7).prefix(8))")) }
            if !version.evaluations.isEmpty { items.append(("evaluation", "\(version.evaluations.count) evaluation(s)")) }
            if !version.decisions.isEmpty { items.append(("decision", "\(version.decisions.count) decision(s)")) }
            let rows = items.enumerated().map { offset, item -> [String: Any] in
                [
                    "kind": item.0, "label": clip(item.1, 30), "x": fmt(x + 8), "y": fmt(62 + Double(offset) * rowHeight),
                    "textY": fmt(62 + Double(offset) * rowHeight + 15), "width": fmt(boxWidth - 16), "textX": fmt(x + 14),
                ]
            }
            height = max(height, 62 + Double(items.count) * rowHeight + 10)
            nodes.append([
                "x": fmt(x), "y": "10", "width": fmt(boxWidth), "height": "40", "textX": fmt(x + boxWidth / 2), "textY": "28",
                "subY": "43", "label": "v\(version.version)", "stage": version.stage, "stageClass": "stage-\(version.stage)",
                "items": rows,
            ])
            if let parent = version.parent, let from = column[parent] {
                let x1 = 10 + Double(from) * (boxWidth + gap) + boxWidth
                let span = index - from
                if span == 1 {
                    edges.append(["path": "M \(fmt(x1)) 30 L \(fmt(x - 4)) 30", "labelX": fmt((x1 + x) / 2), "labelY": "24"])
                } else {
                    let mid = x1 - boxWidth / 2
                    edges.append([
                        "path": "M \(fmt(mid)) 10 C \(fmt(mid)) -4, \(fmt(x + boxWidth / 2)) -4, \(fmt(x + boxWidth / 2)) 6",
                        "labelX": fmt((mid + x + boxWidth / 2) / 2), "labelY": "8",
                    ])
                }
            }
        }
        let width = 20 + Double(ordered.count) * (boxWidth + gap) - gap
        return ["width": fmt(max(width, 200)), "height": fmt(height), "nodes": nodes, "edges": edges]
    }

    /// Mermaid flowchart text for Markdown (labels quoted; the Markdown template escapes them).
    static func mermaid(_ versions: [LineageVersion]) -> [String] {
        var lines = ["flowchart LR"]
        for version in versions.sorted(by: { $0.version < $1.version }) {
            lines.append("  v\(version.version)[\"v\(version.version) (\(version.stage))\"]")
            if let parent = version.parent { lines.append("  v\(parent) -->|parent| v\(version.version)") }
            for (index, dataset) in version.datasets.enumerated() {
                lines.append(
                    "  v\(version.version)d\(index)[(\"\(quote(dataset.role ?? "data")): \(quote(dataset.name)) \(dataset.digest.prefix(19))…\")] --> v\(version.version)"
                )
            }
            for (index, artifact) in version.artifacts.enumerated() {
                lines.append(
                    "  v\(version.version) --> v\(version.version)a\(index)[/\"\(quote(artifact.name)) \(artifact.digest.prefix(19))…\"/]")
            }
            if let code = version.code {
                lines.append(
                    "  v\(version.version)c{{\"\(quote(code.repository))@\(quote(String(code.commit.prefix(12))))\"}} --> v\(version.version)"
                )
            }
        }
        return lines
    }

    static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: " ")
    }

    static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func fmt(_ value: Double) -> String { Numbers.fixed(value, 1) }
}
