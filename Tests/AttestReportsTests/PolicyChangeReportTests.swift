import AttestPolicy
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// The report lists every policy change between a version's registration and its decisions.
@Suite("Reports: policy changes under a version")
struct PolicyChangeReportTests {
    @Test("a set published and approved between registration and a decision is listed with its approvers and what it changed")
    func policyChangeBetweenRegistrationAndDecision() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        #expect(try scenario.report().policyChanges.isEmpty)  // the only publication predates the versions
        let policies = scenario.folder.appendingPathComponent("policies")
        let production = policies.appendingPathComponent("production.yaml")
        let text = try String(contentsOf: production, encoding: .utf8).replacingOccurrences(
            of: "min_duration: 1d", with: "min_duration: 3d")
        try Data(text.utf8).write(to: production)
        let published = try scenario.registry.publishPolicySet(
            try PolicySetLoader.sourceFiles(in: policies), by: scenario.signer("polly"))
        try scenario.registry.approvePolicySet(publication: published.entry, by: scenario.signer("rick"))
        try scenario.registry.promote(ReportScenario.model, version: 2, to: .archived, by: scenario.signer("rick"))
        let report = try scenario.report()
        let change = try #require(report.policyChanges.first { $0.entry == published.entry })
        #expect(change.publisher == "polly")
        #expect(change.approvers == ["polly", "rick"])
        #expect(change.effective != nil)
        #expect(change.changes.contains { $0.hasPrefix("rule 'prod-cooldown' changed") && $0.contains("3d") })
        let markdown = try ReportRenderer().render(report, as: .markdown)
        #expect(markdown.contains("### Policy changes between registration and decisions"))
        #expect(markdown.contains("rule 'prod-cooldown' changed"))
    }
}
