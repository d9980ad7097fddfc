import AttestPolicy
import Foundation

/// Compares two versions from the audit report of their model.
public enum VersionDiff {
    /// Compares versions `a` and `b` of the report's model.
    /// - Parameters:
    ///   - report: a report covering both versions (all versions, no time window).
    ///   - a: the first version.
    ///   - b: the second version.
    /// - Returns: the comparison.
    /// - Throws: `ReportError` (`.badInput`) when a version is not in the report.
    public static func compare(_ report: AuditReport, _ a: Int, _ b: Int) throws -> VersionComparison {
        guard let left = report.lineage.first(where: { $0.version == a }) else {
            throw ReportError(.badInput, "\(report.summary.model) has no version \(a)")
        }
        guard let right = report.lineage.first(where: { $0.version == b }) else {
            throw ReportError(.badInput, "\(report.summary.model) has no version \(b)")
        }
        let evaluationA = latest(report.evaluations.filter { $0.version == a })
        let evaluationB = latest(report.evaluations.filter { $0.version == b })
        return VersionComparison(
            model: report.summary.model, from: a, to: b, lineage: lineage(left, right),
            parameters: pairs(left.params, right.params, "param "),
            environment: environment(left, right), metrics: metrics(evaluationA?.overall ?? [], evaluationB?.overall ?? []),
            fairness: fairness(evaluationA, evaluationB), rules: rules(report.decisions, a, b),
            reviews: report.reviews.filter { $0.version == a || $0.version == b },
            evaluations: [evaluationA?.entry, evaluationB?.entry])
    }

    static func latest(_ evaluations: [EvaluationItem]) -> EvaluationItem? { evaluations.max { $0.entry < $1.entry } }

    static func change(_ name: String, _ from: String?, _ to: String?) -> Change {
        let kind = from == nil ? "added" : to == nil ? "removed" : from == to ? "same" : "changed"
        return Change(name: name, from: from, to: to, change: kind)
    }

    /// Name-keyed values of A and B, in A's order then B's new names.
    static func pairs(_ from: [NameValue], _ to: [NameValue], _ prefix: String) -> [Change] {
        let left = Dictionary(from.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(to.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        var names = from.map(\.name)
        for item in to where !names.contains(item.name) { names.append(item.name) }
        return names.map { change(prefix + $0, left[$0], right[$0]) }
    }

    static func lineage(_ a: LineageVersion, _ b: LineageVersion) -> [Change] {
        var out = [change("parent", a.parent.map { "v\($0)" } ?? "none", b.parent.map { "v\($0)" } ?? "none")]
        out += pairs(
            a.datasets.map { NameValue(name: $0.role ?? "data", value: "\($0.name) \($0.digest)") },
            b.datasets.map { NameValue(name: $0.role ?? "data", value: "\($0.name) \($0.digest)") }, "dataset ")
        out += pairs(
            a.artifacts.map { NameValue(name: $0.name, value: $0.digest) }, b.artifacts.map { NameValue(name: $0.name, value: $0.digest) },
            "artifact ")
        return out
    }

    static func environment(_ a: LineageVersion, _ b: LineageVersion) -> [Change] {
        [
            change("framework", a.framework, b.framework),
            change("code repository", a.code?.repository, b.code?.repository),
            change(
                "code commit", a.code.map { $0.commit + ($0.dirty ? " (dirty)" : "") },
                b.code.map { $0.commit + ($0.dirty ? " (dirty)" : "") }),
        ].filter { $0.from != nil || $0.to != nil } + packages(a.environment, b.environment)
    }

    /// The recorded environments: source, Python, platform, the files' digests, and each
    /// package added, removed or changed (by PyPI-normalized name; unchanged ones left out).
    static func packages(_ a: EnvironmentRef?, _ b: EnvironmentRef?) -> [Change] {
        guard a != nil || b != nil else { return [] }
        var out = [
            change(
                "environment", a.map { "\($0.source), \($0.packageCount) packages" }, b.map { "\($0.source), \($0.packageCount) packages" }),
            change("python", a?.python, b?.python),
            change("platform", a?.platform, b?.platform),
        ].filter { ($0.from != nil || $0.to != nil) && $0.change != "same" }
        out += pairs(a?.files ?? [], b?.files ?? [], "environment file ").filter { $0.change != "same" }
        func byName(_ environment: EnvironmentRef?) -> [NameValue] {
            (environment?.packages ?? []).map { line in NameValue(name: PackageRequirement(line)?.name ?? line, value: line) }
        }
        out += pairs(byName(a), byName(b), "package ").filter { $0.change != "same" }
        return out
    }

    static func metrics(_ a: [MetricRow], _ b: [MetricRow]) -> [MetricChange] {
        var names = a.map(\.name)
        for row in b where !names.contains(row.name) { names.append(row.name) }
        return names.map { name in
            compare(name, a.first { $0.name == name }, b.first { $0.name == name })
        }
    }

    static func compare(_ name: String, _ a: MetricRow?, _ b: MetricRow?) -> MetricChange {
        var delta: Double?
        if let x = a?.value, let y = b?.value { delta = y - x }
        var overlap: Bool?
        if let lowA = a?.lower, let highA = a?.upper, let lowB = b?.lower, let highB = b?.upper { overlap = lowA <= highB && lowB <= highA }
        return MetricChange(name: name, from: a, to: b, delta: delta, intervalsOverlap: overlap)
    }

    static func fairness(_ a: EvaluationItem?, _ b: EvaluationItem?) -> [MetricChange] {
        func rows(_ item: EvaluationItem?) -> [MetricRow] {
            (item?.groupings ?? []).flatMap { grouping in
                grouping.disparities.map { disparity in
                    var row = disparity.value
                    row.name =
                        "\(disparity.name) (\(disparity.method)\(disparity.aggregation.map { ", \($0)" } ?? "")) on \(grouping.columns.joined(separator: " × "))"
                    return row
                }
            }
        }
        return metrics(rows(a), rows(b))
    }

    /// For each target stage both versions were decided for, the rules of the latest decisions whose status differs.
    static func rules(_ decisions: [DecisionItem], _ a: Int, _ b: Int) -> [RuleChange] {
        func latest(_ version: Int) -> [String: DecisionItem] {
            var out: [String: DecisionItem] = [:]
            for decision in decisions where decision.version == version {
                let stage = decision.toStage ?? "?"
                if out[stage].map({ $0.entry < decision.entry }) ?? true { out[stage] = decision }
            }
            return out
        }
        let left = latest(a)
        let right = latest(b)
        var out: [RuleChange] = []
        for stage in Set(left.keys).intersection(right.keys).sorted() {
            guard let x = left[stage], let y = right[stage] else { continue }
            var ids = x.rules.map(\.ruleID)
            for rule in y.rules where !ids.contains(rule.ruleID) { ids.append(rule.ruleID) }
            for id in ids {
                let p = x.rules.first { $0.ruleID == id }
                let q = y.rules.first { $0.ruleID == id }
                guard p?.status != q?.status else { continue }
                out.append(
                    RuleChange(
                        rule: id, stage: stage, from: p?.status, to: q?.status, fromDecision: x.entry, toDecision: y.entry,
                        fromObserved: p?.observed, toObserved: q?.observed))
            }
        }
        return out
    }
}
