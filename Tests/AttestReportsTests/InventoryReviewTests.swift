import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation
import Testing

@testable import AttestReports

/// The inventory's review columns (issue 15): each version's next review date, and the
/// rejections in force until their reviewer withdraws them.
@Suite(.serialized) struct InventoryReviewTests {
    static func inventory(_ scenario: ReportScenario, now: Date? = nil) throws -> Inventory {
        try ReportCollector(registry: scenario.registry, now: now ?? scenario.now, generator: "attest test").inventory()
    }

    @Test("a rejection is listed until it is withdrawn, per version, per model and in the totals, in every format")
    func openRejections() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        #expect(try Self.inventory(scenario).totals.openRejections == 0)
        let v3 = try scenario.register(tag: "c", parent: 2)
        scenario.clock.advance()
        let rejection = try scenario.registry.reject(
            ReportScenario.model, version: v3, for: .staging, comment: "keep v2 serving until Q3", by: scenario.signer("victor"))
        let inventory = try Self.inventory(scenario)
        let model = try #require(inventory.models.first)
        let rejected = try #require(model.versions.first { $0.version == v3 })
        #expect(
            rejected.openRejections == [
                OpenRejection(
                    entry: rejection, actor: "victor", stage: "staging", time: rejected.openRejections.first?.time ?? "",
                    comment: "keep v2 serving until Q3")
            ])
        let others = model.versions.filter { $0.version != v3 }
        #expect(others.allSatisfy { $0.openRejections.isEmpty })
        #expect(model.openRejections == 1 && inventory.totals.openRejections == 1)
        let markdown = try ReportRenderer().render(inventory, as: .markdown)
        #expect(markdown.contains("**victor** for staging (entry \(rejection): keep v2 serving until Q3)"), "\(markdown)")
        #expect(markdown.contains("· 1 open rejections"))
        let html = try ReportRenderer().render(inventory, as: .html)
        #expect(html.contains(#"<span class="bad">victor</span> for staging (entry \#(rejection): keep v2 serving until Q3)"#))
        let json = try ReportRenderer().render(inventory, as: .json)
        #expect(json.contains(#""openRejections" : 1"#))

        scenario.clock.advance()
        try scenario.registry.withdrawReview(ReportScenario.model, version: v3, for: .staging, by: scenario.signer("victor"))
        let after = try Self.inventory(scenario)
        #expect(after.totals.openRejections == 0 && after.models.first?.versions.allSatisfy(\.openRejections.isEmpty) == true)
    }

    @Test("the next review: a production version's last approval plus the revalidation period; none for archived versions")
    func nextReview() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let inventory = try Self.inventory(scenario)
        let model = try #require(inventory.models.first)
        let v2 = try #require(model.versions.first { $0.version == 2 })
        #expect(v2.stage == "production")
        let lastApproval = try #require(v2.lastApproval.flatMap(ISOTime.parse))
        let due = lastApproval.addingTimeInterval(Double(inventory.revalidationDays) * 86_400)
        #expect(v2.nextReview == ISOTime.string(due))
        #expect(model.versions.first { $0.version == 1 }?.nextReview == nil, "v1 is archived")
        #expect(model.nextReview == v2.nextReview)
        // Past the date, the same version is overdue.
        let late = try Self.inventory(scenario, now: due.addingTimeInterval(86_400 * 2))
        #expect(late.models.first?.versions.first { $0.version == 2 }?.review == "overdue")
        let markdown = try ReportRenderer().render(inventory, as: .markdown)
        #expect(markdown.contains("| \(ISOTime.string(due)) |"), "\(markdown)")
    }

    @Test("an approval made stale by a later evaluation is listed with the evidence that made it so")
    func staleApprovals() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        #expect(try Self.inventory(scenario).totals.staleApprovals == 0)
        try scenario.recordEvaluation(version: 2)
        let evaluation = try scenario.registry.ledger.size() - 1
        let inventory = try Self.inventory(scenario)
        let v2 = try #require(inventory.models.first?.versions.first { $0.version == 2 })
        let approvals = try scenario.registry.reviews(ReportScenario.model, version: 2).filter { $0.verdict == "approve" }
        #expect(!approvals.isEmpty)
        #expect(v2.staleApprovals.map(\.entry) == approvals.map(\.entry))
        #expect(v2.staleApprovals.allSatisfy { $0.newerEvidence == [evaluation] })
        #expect(inventory.totals.staleApprovals == approvals.count)
        let markdown = try ReportRenderer().render(inventory, as: .markdown)
        #expect(markdown.contains("· \(approvals.count) stale approvals"), "\(markdown)")
        #expect(markdown.contains("vera for production (entry \(approvals.first { $0.actor == "vera" }!.entry))"), "\(markdown)")
    }
}
