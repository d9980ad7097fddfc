import AttestLedger
import AttestRegistry
import Foundation

extension ReviewerPages {
    /// The largest part of a stored evidence document shown on a page: 64 KiB.
    static let evidencePreviewBytes = 64 << 10

    /// A version page: summary and downloads, the lineage picture, evaluations with per-group
    /// charts, every decision rule by rule, approvals, and evidence documents as escaped text.
    /// - Throws: `RegistryError` (`.notFound`) for an unknown model or version;
    ///   `LedgerError` (`.inconsistentDatabase`) when a projection disagrees with the log.
    public func version(model: String, version: Int) throws -> String {
        let info = try registry.version(model, version)
        let collector = ReportCollector(registry: registry, now: clock(), generator: "attest pages")
        let material = try collector.gather(ReportRequest(model: model, version: version))
        let report = try collector.report(material, checkpoint: nil, mapping: try ReportTemplates.builtIn.mapping())
        var body = PageHTML.el("h1", "\(model) v\(version)")
        body +=
            "<p>" + PageHTML.status(info.stage)
            + PageHTML.text(" since \(info.stageSince) · status \(info.status) · registered by \(info.registrant) ")
        body += PageHTML.link(links.entry(info.registeredEntry, pageSize: logPageSize), "entry \(info.registeredEntry)") + "</p>"
        let deployments = info.deployments.sorted { $0.key < $1.key }.map {
            "<span class=\"badge\">" + PageHTML.text("\($0.key) \(Self.percent($0.value))") + "</span> "
                + PageHTML.link(links.admission(model, version, environment: $0.key), "admission answer")
        }
        body += "<p>Deployments: " + (deployments.isEmpty ? "none" : deployments.joined(separator: " · ")) + "</p>"
        body += "<p>Aliases: " + PageHTML.text(info.aliases.isEmpty ? "none" : info.aliases.joined(separator: ", ")) + "</p>"
        body +=
            "<p class=\"downloads\">" + PageHTML.link(links.report(model), "Audit report (HTML)")
            + PageHTML.link(links.reportJSON(model), "Audit report (JSON)")
            + PageHTML.link(links.bundle(model, version), "Evidence bundle") + PageHTML.link(links.model(model), "All versions") + "</p>"
        body += PageHTML.el("h2", "Lineage") + PageCharts.lineage(report.lineage)
        body += evaluations(report.evaluations.filter { $0.version == version })
        body += decisions(report.decisions.filter { $0.version == version })
        body += reviews(report.reviews.filter { $0.version == version })
        body += try evidence(report.evidence.filter { $0.version == version })
        return page(title: "\(model) v\(version)", body: body)
    }

    private func entryLink(_ seq: UInt64) -> String { PageHTML.link(links.entry(seq, pageSize: logPageSize), "\(seq)") }

    private func evaluations(_ items: [EvaluationItem]) -> String {
        var html = PageHTML.el("h2", "Evaluations")
        if items.isEmpty { return html + "<p class=\"muted\">None recorded.</p>" }
        for item in items {
            html += "<section class=\"evaluation\">"
            html += PageHTML.el(
                "h3", "Entry \(item.entry): \(item.datasetRole ?? "data") \(item.data?.name ?? "") by \(item.actor), \(item.time)")
            html += PageHTML.table(
                ["Metric", "Value", "95% interval"],
                item.overall.map { [PageHTML.text($0.name), PageHTML.text(Self.metric($0)), PageHTML.text(Self.interval($0))] })
            for grouping in item.groupings {
                html += PageHTML.el(
                    "h3", "By \(grouping.columns.joined(separator: " × "))\(grouping.isIntersection ? " (intersection)" : "")")
                html += PageHTML.table(
                    ["Group", "Rows"] + grouping.metricNames,
                    grouping.groups.map { group in
                        [PageHTML.text(group.label + (group.insufficient ? " (too few rows)" : "")), PageHTML.text("\(group.count)")]
                            + group.metrics.map { PageHTML.text(Self.metric($0)) }
                    })
                html += PageCharts.groupBars(grouping)
                if !grouping.disparities.isEmpty {
                    html += PageHTML.table(
                        ["Disparity", "Method", "Value", "95% interval"],
                        grouping.disparities.map {
                            [
                                PageHTML.text($0.name), PageHTML.text($0.method + ($0.aggregation.map { " \($0)" } ?? "")),
                                PageHTML.text(Self.metric($0.value)), PageHTML.text(Self.interval($0.value)),
                            ]
                        })
                }
            }
            html += "</section>"
        }
        return html
    }

    private func decisions(_ items: [DecisionItem]) -> String {
        var html = PageHTML.el("h2", "Decisions")
        if items.isEmpty { return html + "<p class=\"muted\">No promotion was requested.</p>" }
        for item in items {
            html += "<section class=\"decision\">"
            html += "<h3>" + PageHTML.text("Entry \(item.entry): to \(item.toStage ?? "?") ") + PageHTML.status(item.result) + "</h3>"
            html += "<p>" + PageHTML.text("Requested by \(item.actor) (\(item.roles.joined(separator: ", "))) at \(item.time); policy set ")
            html += PageHTML.el("code", String((item.policySetHash ?? "unknown").prefix(23))) + "</p>"
            if let justification = item.justification {
                html += "<p class=\"warn\">Override justification: " + PageHTML.text(justification) + "</p>"
            }
            html += PageHTML.table(
                ["Rule", "Policy", "Kind", "Enforcement", "Status", "Observed", "Bound", "Message", "Cites"],
                item.rules.map { rule in
                    [
                        PageHTML.el("code", rule.ruleID), PageHTML.text(rule.policy), PageHTML.text(rule.kind),
                        PageHTML.text(rule.enforcement),
                        PageHTML.status(rule.status), PageHTML.text(rule.observed ?? ""), PageHTML.text(rule.bound ?? ""),
                        PageHTML.text(rule.message),
                        rule.citedEntries.map(entryLink).joined(separator: " "),
                    ]
                }, class: "rules")
            if !item.reasons.isEmpty { html += PageHTML.raw("ul", item.reasons.map { PageHTML.el("li", $0) }.joined(), class: "reasons") }
            html += "</section>"
        }
        return html
    }

    private func reviews(_ items: [ReviewItem]) -> String {
        PageHTML.el("h2", "Approvals")
            + PageHTML.table(
                ["Entry", "Reviewer", "Roles", "Verdict", "For stage", "Comment", "Time", "Expires"],
                items.map {
                    [
                        entryLink($0.entry), PageHTML.text($0.actor), PageHTML.text($0.roles.joined(separator: ", ")),
                        PageHTML.status(Self.verdict($0.type)), PageHTML.text($0.stage ?? ""), PageHTML.text($0.comment ?? ""),
                        PageHTML.text($0.time), PageHTML.text($0.expires ?? ""),
                    ]
                }, class: "reviews")
    }

    private func evidence(_ items: [EvidenceItem]) throws -> String {
        var html = PageHTML.el("h2", "Evidence")
        if items.isEmpty { return html + "<p class=\"muted\">No document attached.</p>" }
        for item in items {
            html += "<section class=\"evidence\">"
            html += "<h3>" + PageHTML.text("\(item.kind): \(item.file?.name ?? "") ") + "(entry " + entryLink(item.entry) + ")</h3>"
            html +=
                "<p>" + PageHTML.text("attached by \(item.actor) at \(item.time); ") + PageHTML.el("code", item.file?.digest ?? "") + "</p>"
            html += try document(item)
            html += "</section>"
        }
        return html
    }

    /// A stored document as escaped text (UTF-8 only, the first 64 KiB), or why it is not shown.
    private func document(_ item: EvidenceItem) throws -> String {
        guard item.stored else { return "<p class=\"muted\">Recorded by digest only; the bytes are not in the ledger.</p>" }
        let entry = try registry.ledger.entry(at: item.entry)
        guard let attached = try? JSONDecoder().decode(EvidenceAttached.self, from: Data(entry.payload)),
            let content = attached.content, let bytes = Data(base64Encoded: content)
        else { return "<p class=\"muted\">The stored bytes do not decode.</p>" }
        let shown = bytes.prefix(Self.evidencePreviewBytes)
        guard let text = String(data: shown, encoding: .utf8) else {
            return "<p class=\"muted\">" + PageHTML.text("\(attached.mediaType ?? "binary"), \(bytes.count) bytes: not text, not shown.")
                + "</p>"
        }
        let note = bytes.count > shown.count ? "<p class=\"muted\">First \(shown.count) of \(bytes.count) bytes.</p>" : ""
        return "<pre class=\"document\">" + PageHTML.text(text) + "</pre>" + note
    }

    static func metric(_ row: MetricRow) -> String {
        row.value.map { String(format: "%.4f", $0) } ?? "undefined" + (row.undefined.map { " (\($0))" } ?? "")
    }

    static func interval(_ row: MetricRow) -> String {
        guard let lower = row.lower, let upper = row.upper else { return "" }
        return String(format: "[%.4f, %.4f]", lower, upper)
    }

    static func verdict(_ type: String) -> String {
        switch type {
        case EventType.approvalGranted: "approve"
        case EventType.approvalWithdrawn: "withdrawn"
        default: type.hasSuffix("rejected") ? "reject" : type
        }
    }
}
