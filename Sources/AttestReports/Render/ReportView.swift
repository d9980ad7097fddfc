import AttestLedger
import Foundation

/// The context templates render: the report's JSON as a tree (see `ViewTree`), plus the
/// pictures' geometry and a few display fields (CSS classes, check marks, fences).
enum ReportView {
    static func context(_ report: AuditReport, markdown: Bool, printing: Bool = false) throws -> [String: Any] {
        guard var root = ViewTree.tree(try asJSON(report)) as? [String: Any] else { return [:] }
        root["graphics"] = [
            "lineage": LineageGraph.layout(report.lineage),
            "stages": StageTimeline.layout(report.summary.versions, now: report.generatedAt),
        ]
        let fence = Self.fence(
            for: [report.integrity.checkpoint ?? ""] + report.lineage.flatMap { $0.datasets.map(\.name) + $0.artifacts.map(\.name) })
        root["mermaid"] = ([fence + "mermaid"] + LineageGraph.mermaid(report.lineage).map { ViewTree.safe($0) } + [fence]).joined(
            separator: "\n")
        root["checkpointBlock"] = report.integrity.checkpoint.map { fence + "\n" + $0 + fence } ?? ""
        root["hasOpenIssues"] = !report.summary.openIssues.isEmpty
        root["openIssueCount"] = String(report.summary.openIssues.count)
        root["printing"] = printing
        root["footerCSS"] = SummaryView.footerCSS(report)
        root["lastDecision"] = SummaryView.lastDecision(report)
        root["trendCharts"] = report.charts.trends.map(TrendLines.layout)
        root["hasTrends"] = !report.charts.trends.isEmpty
        root["comparisonView"] = report.comparison.map { ComparisonView.context($0) as Any } ?? false
        root["serving"] = report.summary.serving.map(servingRow)
        root["hasServing"] = !report.summary.serving.isEmpty
        root["templatesText"] = ViewTree.safe(templatesText(report.templates))
        root["scopeText"] = ViewTree.safe(scopeText(report.scope))
        patch(&root, "timeline") { row, index in
            let item = report.timeline[index]
            row["rowClass"] = item.highlight.map { "hl hl-\($0)" } ?? ""
            row["flag"] = item.highlight.map { $0.uppercased() } ?? false
            row["rolesText"] = ViewTree.safe(item.roles.joined(separator: ", "))
        }
        if printing, let rows = root["timeline"] as? [[String: Any]] { root["timeline"] = PrintRuns.timeline(rows, items: report.timeline) }
        patch(&root, "evaluations") { row, index in
            let evaluation = report.evaluations[index]
            var groupings = row["groupings"] as? [[String: Any]] ?? []
            for position in groupings.indices {
                let table = evaluation.groupings[position]
                groupings[position]["bars"] = GroupBars.layout(table)
                groupings[position]["title"] = ViewTree.safe(table.columns.joined(separator: " × "))
                groupings[position]["groups"] = table.groups.map { group -> [String: Any] in
                    [
                        "label": ViewTree.safe(group.label), "count": String(group.count), "insufficient": group.insufficient,
                        "cells": group.metrics.map { ["text": metricText($0)] },
                    ]
                }
                groupings[position]["disparities"] = table.disparities.map { disparity -> [String: Any] in
                    [
                        "name": ViewTree.safe(disparity.name), "method": ViewTree.safe(disparity.method),
                        "aggregation": disparity.aggregation.map { ViewTree.safe($0) } ?? "", "text": metricText(disparity.value),
                    ]
                }
            }
            row["groupings"] = groupings
            row["overall"] = evaluation.overall.map { ["name": ViewTree.safe($0.name), "text": metricText($0)] }
            row["payloadText"] = evaluation.payload.map { ViewTree.safe(compact($0)) } ?? false
            row["curvesView"] = CurvesView.context(evaluation)
        }
        patch(&root, "monitoring") { row, index in
            row["columns"] = report.monitoring[index].columns.map { column -> [String: Any] in
                [
                    "name": ViewTree.safe(column.name), "kind": column.kind, "psi": Numbers.optional(column.psi),
                    "band": column.band ?? "–",
                    "bandClass": column.band == "significant" ? "bad" : column.band == "moderate" ? "warn" : "ok",
                    "pValue": Numbers.optional(column.pValue, 4), "jsDistance": Numbers.optional(column.jsDistance),
                ]
            }
            row["payloadText"] = report.monitoring[index].payload.map { ViewTree.safe(compact($0)) } ?? false
            row["histograms"] = report.monitoring[index].columns.filter { !$0.bins.isEmpty }.map(DriftHistogram.layout)
        }
        patch(&root, "decisions") { row, index in
            let decision = report.decisions[index]
            row["resultClass"] = decision.result == "allow" ? "ok" : decision.result == "deny" ? "bad" : "warn"
            row["resultText"] = decision.result.uppercased().replacingOccurrences(of: "_", with: " ")
            row["rolesText"] = ViewTree.safe(decision.roles.joined(separator: ", "))
            row["citedText"] = decision.citedEntries.map(String.init).joined(separator: ", ")
            row["payloadText"] = decision.payload.map { ViewTree.safe(compact($0)) } ?? false
            row["gate"] = report.charts.gates.first { $0.decision == decision.entry }.map { GateDots.layout($0) as Any } ?? false
            row["regulationText"] = decision.regulation.isEmpty ? false : ViewTree.safe(SummaryView.regulationText(decision.regulation))
            var rules = row["rules"] as? [[String: Any]] ?? []
            for position in rules.indices {
                let rule = decision.rules[position]
                rules[position]["statusClass"] =
                    ["pass": "ok", "fail": "bad", "error": "bad", "overridden": "warn", "advisory_fail": "warn"][rule.status] ?? ""
                rules[position]["citedText"] = rule.citedEntries.map(String.init).joined(separator: ", ")
                rules[position]["hasApprovals"] = rule.approvalsRequired != nil
            }
            row["rules"] = rules
        }
        patch(&root, "evidence") { row, index in
            let item = report.evidence[index]
            row["hasDocument"] = item.text != nil
            // The one value templates insert unescaped ({{{documentHTML}}}): Ink's output after
            // MarkdownEvidence's allowlist, or the text escaped inside <pre>.
            row["documentHTML"] =
                item.text.map { item.format == "markdown" ? MarkdownEvidence.html($0) : "<pre>" + MarkdownEvidence.escape($0) + "</pre>" }
                ?? ""
        }
        patch(&root, "reviews") { row, index in
            row["rolesText"] = ViewTree.safe(report.reviews[index].roles.joined(separator: ", "))
        }
        if var integrity = root["integrity"] as? [String: Any] {
            integrity["entries"] = report.integrity.entries.map { check -> [String: Any] in
                [
                    "entry": String(check.entry), "type": ViewTree.safe(check.type), "signer": ViewTree.safe(check.signer),
                    "leafHash": check.leafHash, "signature": check.signatureValid ? "valid" : "INVALID",
                    "signatureClass": check.signatureValid ? "ok" : "bad",
                    "inclusion": check.inclusionValid.map { $0 ? "valid" : "INVALID" } ?? "not covered",
                    "inclusionClass": check.inclusionValid.map { $0 ? "ok" : "bad" } ?? "warn", "proofLength": String(check.proofLength),
                ]
            }
            if printing, let rows = integrity["entries"] as? [[String: Any]] {
                integrity["entries"] = PrintRuns.integrity(rows, checks: report.integrity.entries)
            }
            integrity["resultText"] = report.integrity.verified ? "VERIFIED" : "NOT VERIFIED"
            integrity["resultClass"] = report.integrity.verified ? "ok" : "bad"
            root["integrity"] = integrity
        }
        patch(&root, "regulatory") { framework, index in
            var requirements = framework["requirements"] as? [[String: Any]] ?? []
            for position in requirements.indices {
                let status = report.regulatory[index].requirements[position].status
                requirements[position]["statusClass"] = status == "evidenced" ? "ok" : status == "not evidenced" ? "bad" : "warn"
                requirements[position]["entriesText"] = report.regulatory[index].requirements[position].evidence.map { evidence in
                    evidence.entries.isEmpty ? "" : evidence.entries.map(String.init).joined(separator: ", ")
                }
                let missing = report.regulatory[index].requirements[position].missing
                requirements[position]["missingText"] = missing.isEmpty ? false : ViewTree.safe(missing.joined(separator: "; "))
            }
            framework["requirements"] = requirements
            var notes: [String] = []
            for note in report.regulatory[index].requirements.compactMap(\.dateNote) where !notes.contains(note) { notes.append(note) }
            framework["dateNotes"] = notes.map { ViewTree.safe($0) }
        }
        return root
    }

    static func context(_ inventory: Inventory) throws -> [String: Any] {
        guard var root = ViewTree.tree(try asJSON(inventory)) as? [String: Any] else { return [:] }
        root["templatesText"] = ViewTree.safe(templatesText(inventory.templates))
        patch(&root, "models") { row, index in
            row["servingRows"] = inventory.models[index].serving.map(servingRow)
            row["hasServing"] = !inventory.models[index].serving.isEmpty
            var versions = row["versions"] as? [[String: Any]] ?? []
            for position in versions.indices {
                let review = inventory.models[index].versions[position].review
                versions[position]["reviewClass"] = review == "overdue" ? "bad" : review == "pending" ? "warn" : "ok"
            }
            row["versions"] = versions
        }
        return root
    }

    /// One deployment or alias as the templates show it: what, where, and whether a decision backs it.
    static func servingRow(_ item: ServingItem) -> [String: Any] {
        let what: String
        switch item.kind {
        case "alias": what = "alias \(item.alias ?? "")"
        case "mlflow_alias": what = "MLflow alias \(item.alias ?? "") (MLflow v\(item.mlflowVersion.map(String.init) ?? "?"))"
        default: what = "\(item.environment ?? "") at \(String(format: "%g", item.traffic ?? 0))%"
        }
        let backing: String
        if !item.backed {
            backing = "NOT BACKED: " + (item.detail ?? "")
        } else if let decision = item.decision {
            backing = "backed by decision \(decision) (\(item.requiredStage ?? ""))"
        } else if let required = item.requiredStage {
            backing = "\(required): the stage every version starts in"
        } else {
            backing = "not protected"
        }
        return [
            "version": String(item.version), "kind": item.kind, "what": ViewTree.safe(what), "stage": ViewTree.safe(item.stage),
            "required": ViewTree.safe(item.requiredStage ?? "–"), "entry": String(item.entry), "backing": ViewTree.safe(backing),
            "servingClass": item.backed ? "ok" : "bad", "backed": item.backed,
        ]
    }

    /// `built-in, sha256:…` or `FOLDER, sha256:…`.
    static func templatesText(_ info: TemplateInfo) -> String { "\(info.source), \(info.digest)" }

    /// Applies `body` to each dictionary of the array at `key`.
    static func patch(_ root: inout [String: Any], _ key: String, _ body: (inout [String: Any], Int) -> Void) {
        guard var rows = root[key] as? [[String: Any]] else { return }
        for index in rows.indices { body(&rows[index], index) }
        root[key] = rows
    }

    static func asJSON(_ value: some Encodable) throws -> JSONValue {
        guard let json = JSONValue(parsing: [UInt8](try JSONEncoder().encode(value))) else {
            throw ReportError(.badInput, "internal error: the report's JSON does not parse")
        }
        return json
    }

    static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func metricText(_ row: MetricRow) -> String {
        guard let value = row.value else { return "undefined" + (row.undefined.map { " (\(ViewTree.safe($0)))" } ?? "") }
        var text = value == value.rounded() && abs(value) >= 1 && abs(value) < 1e15 ? String(Int64(value)) : Numbers.fixed(value, 3)
        if let lower = row.lower, let upper = row.upper { text += " [\(Numbers.fixed(lower, 3)), \(Numbers.fixed(upper, 3))]" }
        return text
    }

    static func scopeText(_ scope: ReportScope) -> String {
        var parts = [scope.version.map { "version \($0) and its lineage" } ?? "all versions"]
        if let since = scope.since { parts.append("from \(since)") }
        if let until = scope.until { parts.append("until \(until)") }
        if let entry = scope.asOfEntry { parts.append("as the ledger stood at entry \(entry)" + (scope.asOf.map { " (\($0))" } ?? "")) }
        return parts.joined(separator: ", ")
    }

    /// A Markdown code fence longer than any run of backticks in `texts`.
    static func fence(for texts: [String]) -> String {
        var longest = 0
        for text in texts {
            var run = 0
            for character in text {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
