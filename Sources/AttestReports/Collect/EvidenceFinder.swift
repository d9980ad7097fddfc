import Foundation

/// Computes the evidence keys of the regulatory mapping from a report's sections.
enum EvidenceFinder {
    static func find(in report: AuditReport) -> [String: RegulatoryEvidence] {
        var found: [String: RegulatoryEvidence] = [:]
        func add(_ key: String, _ description: String, _ section: String, _ entries: [UInt64]) {
            found[key] = RegulatoryEvidence(key: key, description: description, section: section, entries: Array(entries.prefix(20)))
        }
        let integrity = report.integrity
        let signed = integrity.entries.filter(\.signatureValid).map(\.entry)
        if !report.timeline.isEmpty && !signed.isEmpty {
            add("log.signed_entries", "\(signed.count) entries, each signed by its actor and verified", "6. Integrity", signed)
        }
        if integrity.checkpoint != nil && integrity.checkpointSignatureValid {
            add("log.checkpoint", "signed checkpoint of \(integrity.checkpointSize ?? 0) entries (C2SP signed note)", "6. Integrity", [])
        }
        if integrity.proofsValid > 0 && integrity.proofsValid == integrity.entriesChecked {
            add("log.inclusion_proofs", "every cited entry proven included in the checkpoint (RFC 9162)", "6. Integrity", [])
        }
        let summary = report.summary
        add(
            "model.inventory",
            "model record: owner \(summary.owner), purpose, risk tier \(summary.riskTier), \(summary.versions.count) versions",
            "1. Summary", [summary.createdEntry])
        if let scoping = summary.scoping {
            add("model.scoping", "scoping by \(scoping.actor): \(scoping.text)", "1. Summary", [scoping.entry])
        }
        if report.timeline.contains(where: { !$0.roles.isEmpty }) {
            add("roles.recorded", "every actor named with the roles held at the time", "3. Timeline", [])
        }
        let registrations = report.lineage.map(\.entry)
        if report.lineage.contains(where: { !$0.artifacts.isEmpty }) {
            add("lineage.artifacts", "artifacts by SHA-256 digest for each version", "2. Lineage", registrations)
        }
        if report.lineage.contains(where: { !$0.datasets.isEmpty }) {
            add("lineage.datasets", "datasets by role and SHA-256 digest", "2. Lineage", registrations)
        }
        if report.lineage.contains(where: { $0.code != nil }) {
            add("lineage.code", "code repository and commit", "2. Lineage", registrations)
        }
        if !report.evaluations.isEmpty {
            add(
                "evaluations.performance", "\(report.evaluations.count) evaluations computed from data files by digest, signed and dated",
                "4. Evaluations", report.evaluations.map(\.entry))
        }
        let fairness = report.evaluations.filter { !$0.groupings.isEmpty }
        if !fairness.isEmpty {
            add(
                "evaluations.fairness", "per-group metrics, disparities with intervals and the four-fifths check", "4. Evaluations",
                fairness.map(\.entry))
        }
        if !report.monitoring.isEmpty {
            add(
                "monitoring.drift", "\(report.monitoring.count) drift results against a reference", "4. Evaluations",
                report.monitoring.map(\.entry))
        }
        let approvals = report.reviews.filter { EntryKind.isApproval($0.type) }
        if !approvals.isEmpty {
            add("reviews.approvals", "\(approvals.count) signed approvals", "5. Decisions", approvals.map(\.entry))
        }
        let registrants = Dictionary(report.lineage.map { ($0.version, $0.registrant) }, uniquingKeysWith: { first, _ in first })
        let independent = approvals.filter { approval in approval.version.flatMap { registrants[$0] }.map { $0 != approval.actor } ?? false
        }
        if !independent.isEmpty {
            add(
                "reviews.independent", "\(independent.count) approvals by someone other than the version's registrant", "5. Decisions",
                independent.map(\.entry))
        }
        if !report.decisions.isEmpty {
            add(
                "decisions.recorded", "\(report.decisions.count) promotion decisions recorded with their policy set", "5. Decisions",
                report.decisions.map(\.entry))
        }
        let ruled = report.decisions.filter { !$0.rules.isEmpty }
        if !ruled.isEmpty {
            add("decisions.rule_by_rule", "rule-by-rule outcomes with observed values and bounds", "5. Decisions", ruled.map(\.entry))
        }
        if !report.policies.isEmpty {
            add(
                "policies.published", "\(report.policies.count) published policy sets, by hash", "5. Decisions",
                report.policies.map(\.entry))
        }
        if !report.evidence.isEmpty {
            add("evidence.documents", "\(report.evidence.count) documents attached by digest", "5. Decisions", report.evidence.map(\.entry))
        }
        let cards = report.evidence.filter { $0.kind == "model_card" }
        if !cards.isEmpty { add("evidence.model_card", "model card attached", "5. Decisions", cards.map(\.entry)) }
        if report.timeline.contains(where: { $0.highlight == "refusal" || $0.highlight == "denied" }) {
            add(
                "refusals.logged", "refused actions and denied promotions are recorded", "3. Timeline",
                report.timeline.filter { $0.highlight == "refusal" || $0.highlight == "denied" }.map(\.entry))
        }
        let overrides = report.decisions.filter { $0.result == "allow_with_override" }
        if !overrides.isEmpty && overrides.allSatisfy({ !($0.justification ?? "").isEmpty }) {
            add("overrides.justified", "every override carries a justification", "5. Decisions", overrides.map(\.entry))
        }
        return found
    }
}
