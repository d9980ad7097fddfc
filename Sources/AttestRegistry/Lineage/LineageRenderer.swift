import Foundation

/// Renders a lineage as text, JSON or Graphviz DOT.
public enum LineageRenderer {
    /// Indented text for a terminal.
    public static func text(_ lineage: Lineage) -> String {
        var lines = ["\(lineage.model) v\(lineage.version) lineage"]
        for node in lineage.nodes {
            lines.append("")
            lines.append(
                "v\(node.version) [\(node.stage)] registered by \(node.registrant) in entry \(node.entry)\(node.parent.map { ", parent v\($0)" } ?? "")"
            )
            if let code = node.code {
                lines.append("  code      \(code.repository)@\(code.commit)\(code.dirty == true ? " (dirty working tree)" : "")")
            }
            for artifact in node.artifacts { lines.append("  artifact  \(artifact.name)  \(artifact.digest)  \(artifact.size) bytes") }
            for dataset in node.datasets {
                lines.append("  dataset   \(dataset.role ?? "?")=\(dataset.name)  \(dataset.digest)  \(dataset.size) bytes")
            }
            if !node.params.isEmpty {
                lines.append("  params    " + node.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
            if !node.metrics.isEmpty {
                lines.append(
                    "  metrics   " + node.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
            for event in node.events { lines.append("  entry \(event.entry)  \(event.summary)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Graphviz DOT: versions, parents, artifacts, datasets, code and events.
    public static func dot(_ lineage: Lineage) -> String {
        func quote(_ text: String) -> String {
            "\""
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                    of: "\n", with: "\\n") + "\""
        }
        var lines = ["digraph lineage {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in lineage.nodes {
            let id = "v\(node.version)"
            lines.append("  \(id) [shape=box, style=bold, label=\(quote("\(lineage.model) v\(node.version)\n\(node.stage)"))];")
            if let parent = node.parent { lines.append("  v\(parent) -> \(id) [label=\"parent\"];") }
            for (index, artifact) in node.artifacts.enumerated() {
                lines.append("  \(id)_a\(index) [shape=note, label=\(quote("\(artifact.name)\n\(artifact.digest.prefix(19))…"))];")
                lines.append("  \(id) -> \(id)_a\(index) [label=\"artifact\"];")
            }
            for (index, dataset) in node.datasets.enumerated() {
                lines.append(
                    "  \(id)_d\(index) [shape=cylinder, label=\(quote("\(dataset.role ?? "?"): \(dataset.name)\n\(dataset.digest.prefix(19))…"))];"
                )
                lines.append("  \(id)_d\(index) -> \(id) [label=\(quote(dataset.role ?? "data"))];")
            }
            if let code = node.code {
                lines.append("  \(id)_c [shape=component, label=\(quote("\(code.repository)\n@\(code.commit.prefix(12))"))];")
                lines.append("  \(id)_c -> \(id) [label=\"code\"];")
            }
            for event in node.events {
                lines.append("  e\(event.entry) [shape=ellipse, label=\(quote("#\(event.entry) \(event.type)"))];")
                lines.append("  \(id) -> e\(event.entry);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
