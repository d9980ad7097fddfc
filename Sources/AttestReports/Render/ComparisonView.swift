import Foundation

/// The comparison of two versions as the templates show it: display text only, every key present.
enum ComparisonView {
    static func context(_ comparison: VersionComparison) -> [String: Any] {
        func changes(_ list: [Change]) -> [[String: Any]] {
            list.map { change in
                [
                    "name": ViewTree.safe(change.name), "from": ViewTree.safe(change.from ?? "–"), "to": ViewTree.safe(change.to ?? "–"),
                    "change": change.change, "changeClass": change.change == "same" ? "muted" : "warn",
                ]
            }
        }
        func metrics(_ list: [MetricChange]) -> [[String: Any]] {
            list.map { row in
                [
                    "name": ViewTree.safe(row.name), "from": row.from.map(ReportView.metricText) ?? "–",
                    "to": row.to.map(ReportView.metricText) ?? "–",
                    "delta": row.delta.map { ($0 >= 0 ? "+" : "") + Numbers.fixed($0, 4) } ?? "–",
                    "overlap": row.intervalsOverlap.map { $0 ? "overlap" : "do not overlap" } ?? "–",
                    "overlapClass": row.intervalsOverlap == false ? "warn" : "",
                ]
            }
        }
        let interesting = comparison.metrics.filter { !["count", "weight", "positives", "negatives"].contains($0.name) }
        return [
            "from": String(comparison.from), "to": String(comparison.to),
            "lineage": changes(comparison.lineage + comparison.environment), "parameters": changes(comparison.parameters),
            "metrics": metrics(interesting), "fairness": metrics(comparison.fairness),
            "rules": comparison.rules.map { rule -> [String: Any] in
                [
                    "rule": ViewTree.safe(rule.rule), "stage": ViewTree.safe(rule.stage), "from": ViewTree.safe(rule.from ?? "–"),
                    "to": ViewTree.safe(rule.to ?? "–"), "fromObserved": ViewTree.safe(rule.fromObserved ?? "–"),
                    "toObserved": ViewTree.safe(rule.toObserved ?? "–"),
                    "decisions": "\(rule.fromDecision.map(String.init) ?? "–") → \(rule.toDecision.map(String.init) ?? "–")",
                ]
            },
            "hasRules": !comparison.rules.isEmpty,
            "reviewCount": String(comparison.reviews.count),
        ]
    }
}
