import Foundation
import Testing

@testable import AttestReports

/// `attest diff`: two versions side by side, from the report of their model.
struct DiffTests {
    @Test func twoVersionsAreComparedPartByPart() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let diff = try VersionDiff.compare(report, 1, 2)
        #expect(diff.lineage.contains { $0.name == "parent" && $0.from == "none" && $0.to == "v1" && $0.change == "changed" })
        #expect(diff.lineage.contains { $0.name == "artifact model-a.bin" && $0.change == "removed" })
        #expect(diff.lineage.contains { $0.name == "artifact model-b.bin" && $0.change == "added" })
        #expect(diff.lineage.contains { $0.name == "dataset test" && $0.change == "changed" })
        #expect(diff.environment.contains { $0.name == "code commit" && $0.from == "9f1c2e7a" && $0.to == "9f1c2e7b" })
        let evaluationA = try #require(report.evaluations.filter { $0.version == 1 }.max { $0.entry < $1.entry })
        let evaluationB = try #require(report.evaluations.filter { $0.version == 2 }.max { $0.entry < $1.entry })
        #expect(diff.evaluations == [evaluationA.entry, evaluationB.entry])
        let auc = try #require(diff.metrics.first { $0.name == "roc_auc" })
        let a = try #require(evaluationA.overall.first { $0.name == "roc_auc" }?.value)
        let b = try #require(evaluationB.overall.first { $0.name == "roc_auc" }?.value)
        #expect(auc.delta == b - a)
        #expect(diff.fairness.contains { $0.name.hasPrefix("demographic_parity_ratio (between_groups) on sex") })
        #expect(diff.reviews.allSatisfy { $0.version == 1 || $0.version == 2 } && !diff.reviews.isEmpty)
        for rule in diff.rules { #expect(rule.from != rule.to) }
        // The report carries the comparison of its two latest versions, shown in the HTML.
        #expect(report.comparison == diff)
        let html = try ReportRenderer().render(report, as: .html)
        #expect(html.contains("<h3 id=\"comparison\">Changes from v1 to v2"))
        let text = VersionDiff.text(diff)
        #expect(text.hasPrefix("credit-risk: v1 → v2\n") && text.contains("  - artifact model-a.bin: sha256:"))
        #expect(text.contains("roc_auc: \(String(format: "%.4f", a)) → \(String(format: "%.4f", b))"))
    }

    @Test func anUnknownVersionIsBadInput() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let error = #expect(throws: ReportError.self) { try VersionDiff.compare(try scenario.report(), 1, 9) }
        #expect(error?.code == .badInput && error?.message == "credit-risk has no version 9")
    }

    @Test func intervalsOverlapOnlyWhenBothAreRecordedAndMeet() {
        func row(_ value: Double, _ lower: Double?, _ upper: Double?) -> MetricRow {
            MetricRow(name: "m", value: value, undefined: nil, lower: lower, upper: upper)
        }
        #expect(VersionDiff.compare("m", row(0.5, 0.4, 0.6), row(0.65, 0.55, 0.75)).intervalsOverlap == true)
        #expect(VersionDiff.compare("m", row(0.5, 0.4, 0.5), row(0.65, 0.55, 0.75)).intervalsOverlap == false)
        #expect(VersionDiff.compare("m", row(0.5, nil, nil), row(0.65, 0.55, 0.75)).intervalsOverlap == nil)
    }
}
