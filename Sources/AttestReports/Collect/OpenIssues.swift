import Foundation

/// Finds what a reviewer should look at first (the report's "open issues").
enum OpenIssues {
    /// PSI above this is "significant" drift (the same band as AttestMetrics' `DriftBand`).
    static let driftBound = 0.25

    static func find(
        versions: [VersionStatus], timeline: [TimelineItem], reviews: [ReviewItem], decisions: [DecisionItem],
        monitoring: [MonitoringItem], serving: [ServingItem]
    ) -> [OpenIssue] {
        var issues: [OpenIssue] = []
        // Deployments and aliases that the policy set in force does not back.
        for item in serving where !item.backed {
            let what: String
            switch item.kind {
            case "alias": what = "alias '\(item.alias ?? "")' → v\(item.version)"
            case "mlflow_alias":
                what =
                    "MLflow alias '\(item.alias ?? "")' → MLflow v\(item.mlflowVersion.map(String.init) ?? "?")"
                    + (item.version > 0 ? " (v\(item.version))" : "")
            default: what = "v\(item.version) serving \(String(format: "%g", item.traffic ?? 0))% in \(item.environment ?? "")"
            }
            issues.append(
                OpenIssue(
                    kind: "unbacked_serving", version: item.version, detail: "\(what) is not backed: \(item.detail ?? "")",
                    entries: [item.entry]))
        }
        // Decisions: overrides always; denials until a later decision allows the same promotion.
        for (index, decision) in decisions.enumerated() {
            let promotion = "v\(decision.version.map(String.init) ?? "?") \(decision.fromStage ?? "?") → \(decision.toStage ?? "?")"
            if decision.result == "allow_with_override" {
                let overridden = decision.rules.filter { $0.status == "overridden" }.map(\.ruleID)
                issues.append(
                    OpenIssue(
                        kind: "override", version: decision.version,
                        detail:
                            "\(promotion) allowed by override of \(overridden.isEmpty ? "a soft rule" : overridden.joined(separator: ", ")) by \(decision.actor)\(decision.justification.map { ": \($0)" } ?? "")",
                        entries: [decision.entry]))
            }
            if decision.result == "deny" {
                let later = decisions[(index + 1)...].contains {
                    $0.version == decision.version && $0.toStage == decision.toStage && $0.result != "deny"
                }
                if !later {
                    let failed = decision.rules.filter { $0.status == "fail" || $0.status == "error" }.map(\.ruleID)
                    issues.append(
                        OpenIssue(
                            kind: "failed_gate", version: decision.version,
                            detail: "\(promotion) denied\(failed.isEmpty ? "" : " by \(failed.joined(separator: ", "))")",
                            entries: [decision.entry]))
                }
            }
            for rule in decision.rules {
                for aside in rule.approvalsSetAside where aside.reason == "stale" || aside.reason == "expired" {
                    issues.append(
                        OpenIssue(
                            kind: "stale_approval", version: decision.version,
                            detail: "approval by \(aside.actor) set aside in decision \(decision.entry): \(aside.reason) (\(aside.detail))",
                            entries: [aside.entry, decision.entry]))
                }
            }
        }
        // Versions in staging with no approval since they entered it.
        for version in versions where version.stage == "staging" && version.status == "active" {
            let since = version.stages.last?.entry ?? 0
            let approved = reviews.contains { $0.version == version.version && $0.entry > since && EntryKind.isApproval($0.type) }
            if !approved {
                issues.append(
                    OpenIssue(
                        kind: "pending_approval", version: version.version,
                        detail: "v\(version.version) has been in staging since \(version.stageSince) with no approval recorded",
                        entries: [since]))
            }
        }
        for item in timeline where item.highlight == "refusal" {
            issues.append(
                OpenIssue(kind: "refusal", version: item.version, detail: "\(item.actor): \(item.summary)", entries: [item.entry]))
        }
        for result in monitoring {
            for column in result.columns {
                guard let psi = column.psi, psi > driftBound else { continue }
                issues.append(
                    OpenIssue(
                        kind: "drift", version: result.version,
                        detail: "column \(column.name): PSI \(Numbers.fixed(psi, 3)) above \(driftBound)",
                        entries: [result.entry]))
            }
        }
        return issues
    }
}

/// Number formatting shared by collectors and renderers.
enum Numbers {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(digits)f", value)
        if text.hasPrefix("-") && Double(text) == 0 { text.removeFirst() }
        return text
    }

    static func optional(_ value: Double?, _ digits: Int = 3) -> String { value.map { fixed($0, digits) } ?? "–" }
}
