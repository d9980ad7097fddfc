import Foundation

/// Draws the geometry of the report's `Graphics/` layouts (``LineageGraph``, ``GroupBars``) as
/// SVG for the pages: attributes and classes only (no `style`), every label escaped.
enum PageCharts {
    /// The lineage picture of `versions`.
    static func lineage(_ versions: [LineageVersion]) -> String {
        let layout = LineageGraph.layout(versions)
        let width = layout["width"] as? String ?? "200"
        let height = layout["height"] as? String ?? "60"
        var svg =
            "<svg role=\"img\" aria-label=\"Lineage graph\" viewBox=\"0 -10 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg +=
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path class=\"arrow-head\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>"
        for edge in layout["edges"] as? [[String: Any]] ?? [] {
            svg +=
                "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"\(attr(edge, "path"))\"/><text x=\"\(attr(edge, "labelX"))\" y=\"\(attr(edge, "labelY"))\" text-anchor=\"middle\">parent</text>"
        }
        for node in layout["nodes"] as? [[String: Any]] ?? [] {
            svg +=
                "<rect class=\"node-box \(attr(node, "stageClass"))\" x=\"\(attr(node, "x"))\" y=\"\(attr(node, "y"))\" width=\"\(attr(node, "width"))\" height=\"\(attr(node, "height"))\" rx=\"3\"/>"
            svg +=
                "<text class=\"label-bold\" x=\"\(attr(node, "textX"))\" y=\"\(attr(node, "textY"))\" text-anchor=\"middle\">\(attr(node, "label"))</text>"
            svg += "<text x=\"\(attr(node, "textX"))\" y=\"\(attr(node, "subY"))\" text-anchor=\"middle\">\(attr(node, "stage"))</text>"
            for item in node["items"] as? [[String: Any]] ?? [] {
                svg +=
                    "<rect class=\"node-item\" x=\"\(attr(item, "x"))\" y=\"\(attr(item, "y"))\" width=\"\(attr(item, "width"))\" height=\"19\" rx=\"2\"/><text x=\"\(attr(item, "textX"))\" y=\"\(attr(item, "textY"))\">\(attr(item, "kind")): \(attr(item, "label"))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Per-group bars of one grouping table.
    static func groupBars(_ grouping: GroupingTable) -> String {
        let layout = GroupBars.layout(grouping)
        let width = attr(layout, "width")
        let height = attr(layout, "height")
        var svg =
            "<svg role=\"img\" aria-label=\"\(attr(layout, "metric")) by group\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for bar in layout["bars"] as? [[String: Any]] ?? [] {
            let thin = bar["insufficient"] as? Bool == true
            svg +=
                "<text x=\"4\" y=\"\(attr(bar, "textY"))\">\(attr(bar, "label"))</text><rect class=\"\(thin ? "bar-thin" : "bar")\" x=\"\(attr(bar, "x"))\" y=\"\(attr(bar, "y"))\" width=\"\(attr(bar, "width"))\" height=\"\(attr(bar, "height"))\"/><text x=\"\(attr(bar, "valueX"))\" y=\"\(attr(bar, "textY"))\">\(attr(bar, "value"))</text>"
        }
        if layout["fourFifths"] as? Bool == true {
            svg +=
                "<line class=\"fourfifths\" x1=\"\(attr(layout, "lineX"))\" y1=\"0\" x2=\"\(attr(layout, "lineX"))\" y2=\"\(attr(layout, "lineY2"))\"/>"
        }
        return svg + "</svg>"
    }

    /// A layout value, escaped (labels come from the ledger).
    private static func attr(_ values: [String: Any], _ key: String) -> String {
        PageHTML.text(values[key].map { "\($0)" } ?? "")
    }
}
