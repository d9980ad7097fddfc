import Foundation

extension VersionDiff {
    /// The comparison for a terminal: one block per part, changed lines marked.
    /// - Parameter comparison: the comparison.
    /// - Returns: lines of text ending with a newline.
    public static func text(_ comparison: VersionComparison) -> String {
        var lines = ["\(comparison.model): v\(comparison.from) → v\(comparison.to)"]
        func block(_ title: String, _ changes: [Change]) {
            lines.append("")
            lines.append(title)
            if changes.isEmpty { lines.append("  (none)") }
            for change in changes {
                let mark = ["added": "+", "removed": "-", "changed": "~"][change.change] ?? " "
                lines.append("  \(mark) \(change.name): \(change.from ?? "–") → \(change.to ?? "–")")
            }
        }
        block("Lineage", comparison.lineage)
        block("Parameters", comparison.parameters)
        block("Environment", comparison.environment)
        for (title, rows) in [("Metrics (latest evaluations)", comparison.metrics), ("Fairness", comparison.fairness)] {
            lines.append("")
            lines.append(title + (title.hasPrefix("Metrics") ? evaluationsText(comparison.evaluations) : ""))
            if rows.isEmpty { lines.append("  (none)") }
            for row in rows { lines.append("  " + metricLine(row)) }
        }
        lines.append("")
        lines.append("Rules whose outcome changed")
        if comparison.rules.isEmpty { lines.append("  (none)") }
        for rule in comparison.rules {
            lines.append(
                "  \(rule.rule) (to \(rule.stage)): \(rule.from ?? "–") → \(rule.to ?? "–")  observed \(rule.fromObserved ?? "–") → \(rule.toObserved ?? "–")  decisions \(rule.fromDecision.map(String.init) ?? "–") → \(rule.toDecision.map(String.init) ?? "–")"
            )
        }
        lines.append("")
        lines.append("Reviews")
        if comparison.reviews.isEmpty { lines.append("  (none)") }
        for review in comparison.reviews {
            lines.append(
                "  entry \(review.entry) \(review.time) v\(review.version.map(String.init) ?? "?") \(review.type)\(review.stage.map { " for \($0)" } ?? "") by \(review.actor)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func evaluationsText(_ entries: [UInt64?]) -> String {
        " (entries " + entries.map { $0.map(String.init) ?? "none" }.joined(separator: " → ") + ")"
    }

    /// `roc_auc: 0.812 [0.78, 0.84] → 0.858 [0.83, 0.88]  Δ +0.046  intervals overlap`.
    static func metricLine(_ row: MetricChange) -> String {
        func value(_ metric: MetricRow?) -> String {
            guard let metric else { return "–" }
            guard let number = metric.value else { return "undefined" }
            var text = Numbers.fixed(number, 4)
            if let lower = metric.lower, let upper = metric.upper { text += " [\(Numbers.fixed(lower, 4)), \(Numbers.fixed(upper, 4))]" }
            return text
        }
        var line = "\(row.name): \(value(row.from)) → \(value(row.to))"
        if let delta = row.delta { line += "  Δ \(delta >= 0 ? "+" : "")\(Numbers.fixed(delta, 4))" }
        if let overlap = row.intervalsOverlap { line += overlap ? "  intervals overlap" : "  intervals do not overlap" }
        return line
    }
}
