import Foundation

/// Derives the charts' numbers from the report's decisions and evaluations: which metric each
/// numeric gate read (from the rule's message, which names it and the evaluation entry), the
/// interval that evaluation recorded, and each gated metric across versions.
enum ChartCollector {
    static func charts(_ report: AuditReport) -> ReportCharts {
        let evaluations = Dictionary(report.evaluations.map { ($0.entry, $0) }, uniquingKeysWith: { first, _ in first })
        var gates: [GateChart] = []
        var bounds: [String: Double] = [:]
        for decision in report.decisions {
            let points = decision.rules.compactMap { gate($0, evaluations) }
            for point in points where point.metric.hasPrefix("overall ") { bounds[String(point.metric.dropFirst(8))] = point.bound }
            if !points.isEmpty { gates.append(GateChart(decision: decision.entry, version: decision.version, points: points)) }
        }
        let trends = bounds.keys.sorted().compactMap { metric -> TrendChart? in
            let latest = Dictionary(grouping: report.evaluations.filter { $0.version != nil }, by: { $0.version! })
                .compactMapValues { $0.max { $0.entry < $1.entry } }
            let points = latest.keys.sorted().compactMap { version -> TrendPoint? in
                guard let evaluation = latest[version], let row = evaluation.overall.first(where: { $0.name == metric }) else { return nil }
                return TrendPoint(version: version, evaluation: evaluation.entry, value: row.value, lower: row.lower, upper: row.upper)
            }
            return points.isEmpty ? nil : TrendChart(metric: metric, bound: bounds[metric], points: points)
        }
        return ReportCharts(gates: gates, trends: trends)
    }

    /// A numeric gate, or nil for rules that are not thresholds or whose values are not numbers.
    static func gate(_ rule: RuleRow, _ evaluations: [UInt64: EvaluationItem]) -> GatePoint? {
        guard rule.kind == "metric_threshold" || rule.kind == "fairness_threshold", let observed = rule.observed,
            let value = Double(observed), let parsed = parseBound(rule.bound ?? "")
        else { return nil }
        let (comparison, bound) = parsed
        let message = rule.message
        let words = message.split(separator: " ").map(String.init)
        let entry = seq(in: message)
        var metric = words.first ?? rule.ruleID
        var interval: MetricRow?
        if words.first == "overall", words.count > 1 {
            metric = "overall " + words[1]
            interval = entry.flatMap { evaluations[$0] }?.overall.first { $0.name == words[1] }
        } else if let entry, let evaluation = evaluations[entry], let method = methodAndAggregation(in: message) {
            let disparities = evaluation.groupings.filter { message.contains(" on \($0.columns.joined(separator: ", ")) (seq") }
                .flatMap(\.disparities)
            interval = disparities.first { $0.name == metric && $0.method == method.0 && $0.aggregation == method.1 }?.value
        } else if message.contains(" in all ") {
            metric += " (worst group)"
        }
        return GatePoint(
            rule: rule.ruleID, metric: metric, evaluation: entry, value: value, lower: interval?.lower, upper: interval?.upper,
            bound: bound, comparison: comparison, status: rule.status)
    }

    /// `>= 0.8` → (`>=`, 0.8).
    static func parseBound(_ text: String) -> (String, Double)? {
        for comparison in [">=", "<=", ">", "<"] where text.hasPrefix(comparison) {
            guard let number = Double(text.dropFirst(comparison.count).trimmingCharacters(in: .whitespaces)) else { return nil }
            return (comparison, number)
        }
        return nil
    }

    /// The entry in `(seq N)`.
    static func seq(in message: String) -> UInt64? {
        guard let start = message.range(of: "(seq ") else { return nil }
        return UInt64(message[start.upperBound...].prefix { $0.isNumber })
    }

    /// `name (between_groups, worst_case) on …` → (`between_groups`, `worst_case`).
    static func methodAndAggregation(in message: String) -> (String, String?)? {
        guard let open = message.firstIndex(of: "("), let close = message[open...].firstIndex(of: ")") else { return nil }
        let parts = message[message.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let method = parts.first, method != "seq" && !method.hasPrefix("seq ") else { return nil }
        return (method, parts.count > 1 ? parts[1] : nil)
    }
}
