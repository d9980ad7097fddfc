import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// `model.scoped`: the SR 26-2 / EU AI Act scoping signed by the model's owner, shown in the
/// report's summary, the inventory and the regulatory mapping; anybody else is refused, and an
/// entry written around the command is caught by the authority check.
@Suite struct ScopingReportTests {
    static func scoping(generative: Bool = false) -> ModelScoped {
        ModelScoped(
            model: ReportScenario.model, isModel: true, rationale: "a logistic scorecard whose output sets credit limits",
            generative: generative, agentic: false, euAIActClass: "high", euAIActRationale: "Annex III 5(b): creditworthiness")
    }

    @Test func theOwnersScopingAppearsInTheReportTheInventoryAndTheMapping() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let before = try scenario.report()
        #expect(before.summary.scoping == nil)
        let scope = before.regulatory.first { $0.id == "sr-26-2" }?.requirements.first { $0.ref == "SR 26-2 (scope)" }
        #expect(scope?.status == "not evidenced")
        scenario.clock.advance()
        try scenario.registry.recordScoping(Self.scoping(), by: scenario.signer("omar"))
        scenario.clock.advance()
        let entry = try scenario.registry.recordScoping(Self.scoping(generative: true), by: scenario.signer("alice"))
        let report = try scenario.report()
        let scoping = try #require(report.summary.scoping)
        #expect(scoping.entry == entry && scoping.actor == "alice" && !scoping.inSR262Scope)
        #expect(scoping.text == "outside SR 26-2 scope (generative); EU AI Act: high")
        let evidenced = report.regulatory.first { $0.id == "sr-26-2" }?.requirements.first { $0.ref == "SR 26-2 (scope)" }
        #expect(evidenced?.status == "evidenced" && evidenced?.evidence.first?.entries == [entry])
        let markdown = try ReportRenderer().render(report, as: .markdown)
        #expect(markdown.contains("| Scoping | outside SR 26-2 scope (generative); EU AI Act: high (entry \(entry), alice:"))
        let inventory = try ReportCollector(registry: scenario.registry, now: scenario.now, generator: "attest test").inventory()
        #expect(inventory.models.first?.scoping?.entry == entry)
        #expect(try ReportRenderer().render(inventory, as: .html).contains("outside SR 26-2 scope (generative)"))
        #expect(try AuthorityCheck.problems(in: scenario.registry).isEmpty)
    }

    @Test func anyoneButTheOwnerOrAnAdminIsRefusedAndBadClassesAreBadInput() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        #expect {
            try scenario.registry.recordScoping(Self.scoping(), by: scenario.signer("dana"))
        } throws: { ($0 as? RegistryError)?.code == .refused }
        var bad = Self.scoping()
        bad.euAIActClass = "very-high"
        #expect { try scenario.registry.recordScoping(bad, by: scenario.signer("omar")) } throws: {
            ($0 as? RegistryError)?.code == .badInput
        }
        bad = Self.scoping()
        bad.rationale = "\u{200B} "
        #expect { try scenario.registry.recordScoping(bad, by: scenario.signer("omar")) } throws: {
            ($0 as? RegistryError)?.code == .badInput
        }
        let refusals = try scenario.registry.ledger.entries(types: [EventType.actionRefused])
        #expect(refusals.contains { String(decoding: $0.payload, as: UTF8.self).contains("model.scope") })
    }

    @Test func aScopingWrittenAroundTheCommandIsCaughtByTheAuthorityCheck() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        // dana, a data scientist who does not own the model, signs a scoping straight into the log.
        let forged = try scenario.registry.ledger.append(
            try EntryDraft(type: EventType.modelScoped, encoding: Self.scoping()), signer: scenario.signer("dana"))
        let problems = try AuthorityCheck.problems(in: scenario.registry)
        #expect(
            problems.contains { $0.sequence == forged.sequence && $0.detail.contains("only its owner omar or an admin") }, "\(problems)")
    }
}
