import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

@Suite("Governance: replay and projections")
struct GovernanceReplayTests {
    static let model = GovernanceWorld.model

    /// A ledger with allowed, denied and overridden decisions, a withdrawal, a republished policy set.
    static func busyWorld() throws -> GovernanceWorld {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.reject(Self.model, version: version, for: .production, by: world.signer("victor"))
        _ = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        try world.registry.withdrawReview(Self.model, version: version, for: .production, by: world.signer("victor"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("victor"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        // A new policy set: the cooldown now takes two days.
        let directory = try world.policyCopy()
        let production = directory.appendingPathComponent("production.yaml")
        let text = try String(contentsOf: production, encoding: .utf8).replacingOccurrences(
            of: "min_duration: 1d", with: "min_duration: 2d")
        try Data(text.utf8).write(to: production)
        let republished = try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: directory), by: world.signer("polly"))
        try world.registry.approvePolicySet(publication: republished.entry, by: world.signer("rick"))
        _ = try world.registry.promote(
            Self.model, version: version, to: .production, override: OverrideRequest(rules: ["prod-cooldown"], justification: "INC-7"),
            by: world.signer("rick"))
        return world
    }

    @Test("every recorded decision replays identically, under the policy set in force at the time")
    func replayPasses() throws {
        let world = try Self.busyWorld()
        let report = try world.registry.replayDecisions()
        #expect(report.decisions == 3)
        #expect(report.isValid, "\(report.mismatches)")
        #expect(try world.registry.decisions(Self.model).map(\.result) == ["allow", "deny", "allow_with_override"])
        #expect(Set(try world.registry.decisions(Self.model).map(\.policySetEntry)).count == 2)
    }

    @Test("governance projections equal a replay of the log, and rebuild reproduces them")
    func projectionsRebuild() throws {
        let world = try Self.busyWorld()
        #expect(try world.registry.ledger.projectionMismatches().isEmpty)
        func snapshot() throws -> [[Row]] {
            try world.registry.ledger.read { db in
                try GovernanceProjector().tables.map { try Row.fetchAll(db, sql: "SELECT * FROM \($0.name) ORDER BY \($0.orderBy)") }
            }
        }
        let before = try snapshot()
        #expect(before.allSatisfy { !$0.isEmpty })
        try world.registry.ledger.rebuildProjections()
        #expect(try snapshot() == before)
        #expect(try world.registry.replayDecisions().isValid)
    }

    @Test("a correctly signed decision whose result the engine does not give is flagged by replay")
    func replayFlagsWrongDecision() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let honest = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(!honest.allowed)
        // An insider with a valid key writes a decision claiming the same request was allowed.
        var forged = honest.record
        forged.result = "allow"
        forged.decision.result = .allow
        forged.decision.reasons = []
        let entry = try world.registry.ledger.append(
            try EntryDraft(type: EventType.promotionDecided, encoding: forged), signer: world.signer("pat"))
        let report = try world.registry.replayDecisions()
        #expect(report.decisions == 2)
        #expect(report.mismatches.map(\.entry) == [entry.sequence])
        #expect(report.mismatches.first?.detail.contains("recorded allow, replay gives deny") == true)
    }

    @Test("a decision citing a policy set other than the one in force is flagged")
    func replayFlagsWrongPolicySet() throws {
        let world = try GovernanceWorld()
        let first = try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let honest = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        let directory = try world.policyCopy()
        try Data("# edited\n".utf8 + (try Data(contentsOf: directory.appendingPathComponent("staging.yaml")))).write(
            to: directory.appendingPathComponent("staging.yaml"))
        let republished = try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: directory), by: world.signer("polly"))
        try world.registry.approvePolicySet(publication: republished.entry, by: world.signer("rick"))
        var stale = honest.record
        stale.policySet = PolicySetReference(hash: first.hash, entry: first.entry)
        let entry = try world.registry.ledger.append(
            try EntryDraft(type: EventType.promotionDecided, encoding: stale), signer: world.signer("pat"))
        let report = try world.registry.replayDecisions()
        #expect(report.mismatches.map(\.entry) == [entry.sequence])
        #expect(report.mismatches.first?.detail.contains("the set in force was") == true)
    }

    @Test("the facts are built as of the decision entry: later approvals do not change a replay")
    func factsAsOfEntry() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        try world.recordEvaluation(version: version)
        let denied = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(!denied.allowed)
        try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("vera"))
        try world.registry.grantRole("validator", to: "pat", by: world.signer("alice"))
        let allowed = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(allowed.allowed)
        #expect(try world.registry.replayDecisions().isValid)
        // The first decision's requester roles are those held then.
        #expect(denied.record.request.requesterRoles == ["data-scientist"])
        #expect(allowed.record.request.requesterRoles == ["data-scientist", "validator"])
    }
}
