import AttestReports
import Foundation
import Testing

/// Golden files of the fixed scenario. Regenerate with `ATTEST_UPDATE_GOLDEN=1 swift test --filter AttestReportsTests`
/// and review the diff.
@Suite(.serialized) struct GoldenTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, _ name: String) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ATTEST_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs at line \(line + 1):\n  got:  \(line < got.count ? String(got[line]) : "<end>")\n  want: \(line < want.count ? String(want[line]) : "<end>")\n(ATTEST_UPDATE_GOLDEN=1 regenerates)"
            )
        }
    }

    @Test func markdownAndJSONMatchTheGoldenFiles() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let renderer = ReportRenderer()
        try Self.check(try renderer.render(report, as: .markdown), "credit-risk.md")
        try Self.check(try renderer.render(report, as: .json), "credit-risk.json")
        let inventory = try ReportCollector(registry: scenario.registry, now: scenario.now, generator: "attest test").inventory()
        try Self.check(try renderer.render(inventory, as: .markdown), "inventory.md")
        try Self.check(try renderer.render(inventory, as: .json), "inventory.json")
        // The JSON form decodes back to the same data model.
        let decoded = try JSONDecoder().decode(AuditReport.self, from: Data(try renderer.render(report, as: .json).utf8))
        #expect(decoded == report)
    }

    @Test func theReportCoversEverySection() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        #expect(report.summary.versions.map(\.stage) == ["archived", "production"])
        #expect(report.lineage.count == 2)
        #expect(report.timeline.contains { $0.highlight == "refusal" })
        #expect(report.timeline.contains { $0.highlight == "denied" })
        #expect(report.timeline.contains { $0.highlight == "override" })
        #expect(report.decisions.count >= 3)
        #expect(report.decisions.allSatisfy { !$0.rules.isEmpty && $0.policySetHash != nil && $0.policyEntry != nil })
        #expect(report.reviews.contains { $0.roles == ["validator"] })
        #expect(report.evaluations.count == 2 && report.evaluations.allSatisfy { !$0.groupings.isEmpty })
        #expect(report.integrity.verified, "\(report.integrity.problems)")
        #expect(report.integrity.entriesChecked == report.integrity.proofsValid)
        #expect(report.summary.openIssues.contains { $0.kind == "override" })
        let statuses = report.regulatory.flatMap(\.requirements).map(\.status)
        #expect(statuses.contains("evidenced") && statuses.contains("not evidenced"))
        #expect(report.timeline.allSatisfy { !$0.roles.isEmpty })
    }

    @Test func aVersionAndATimeWindowNarrowTheReport() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let one = try scenario.report(version: 1)
        #expect(one.lineage.map(\.version) == [1])
        #expect(one.timeline.allSatisfy { $0.version == nil || $0.version == 1 })
        let collector = ReportCollector(registry: scenario.registry, now: scenario.now, generator: "attest test")
        let late = try collector.gather(ReportRequest(model: ReportScenario.model, since: scenario.now.addingTimeInterval(-600)))
        let narrowed = try collector.report(late, checkpoint: nil, mapping: try ReportTemplates.builtIn.mapping())
        #expect(narrowed.timeline.count < (try scenario.report()).timeline.count)
        let error = #expect(throws: ReportError.self) {
            try collector.gather(
                ReportRequest(model: ReportScenario.model, since: scenario.now, until: scenario.now.addingTimeInterval(-1)))
        }
        #expect(error?.code == .badInput, "\(String(describing: error))")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let until = formatter.string(from: scenario.now.addingTimeInterval(-1))
        #expect(error?.description.hasSuffix("is after --until \(until)") == true, "\(String(describing: error))")
    }
}
