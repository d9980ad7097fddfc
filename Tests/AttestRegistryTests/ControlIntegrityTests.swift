import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// The attacks of the control-integrity review (issue 10, items 2 to 5), each refused or detected.
@Suite("Control integrity: evidence binding, policy quorum, production floor, staleness, standing")
struct ControlIntegrityTests {
    static let model = GovernanceWorld.model

    /// Two versions in staging, v2 approved for production by vera and victor.
    static func twoVersions(_ world: GovernanceWorld) throws -> (v1: Int, v2: Int) {
        try world.publishShippedPolicies()
        let v1 = try world.versionInStaging(tag: "a")
        let v2 = try world.versionInStaging(tag: "b")
        return (v1, v2)
    }

    /// polly alone publishes a set with no production policy that lets anything into production.
    static func publishUngovernedProduction(_ world: GovernanceWorld) throws -> PolicySetInfo {
        let directory = try world.policyCopy()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("production.yaml"))
        try Data("allow_ungoverned_targets: [development, staging, production, archived]\n".utf8).write(
            to: directory.appendingPathComponent("settings.yaml"))
        return try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: directory), by: world.signer("polly"))
    }

    @Test("attack: v1 evaluated on v2's test file does not pass v1's fairness gate")
    func evaluationOnAnotherVersionsFile() throws {
        let world = try GovernanceWorld()
        let (v1, v2) = try Self.twoVersions(world)
        // v1's own evaluation fails fairness; a later, fair evaluation of v1 is on v2's test file.
        try world.recordEvaluation(version: v1, demographicParityRatio: 0.5)
        let borrowed = try world.recordEvaluation(version: v1, demographicParityRatio: 0.95, dataOf: v2)
        let why = try world.registry.explain(Self.model, version: v1, to: .production, requester: "rick")
        let fairness = try #require(why.decision.outcome(ruleID: "prod-demographic-parity-sex"))
        #expect(fairness.status == .fail)
        #expect(fairness.observed == .number(0.5))
        #expect(!fairness.citedSeqs.contains(borrowed))
    }

    @Test("attack: an evaluation on another file alone never satisfies a gate (error, named)")
    func onlyForeignEvaluation() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let v1 = try world.registerVersion(tag: "a")
        let v2 = try world.registerVersion(tag: "b")
        let borrowed = try world.recordEvaluation(version: v1, demographicParityRatio: 0.95, dataOf: v2)
        let why = try world.registry.explain(Self.model, version: v1, to: .production, requester: "rick")
        let fairness = try #require(why.decision.outcome(ruleID: "prod-demographic-parity-sex"))
        #expect(fairness.status == .error)
        #expect(fairness.message.contains("no evaluation on the version's registered 'test' dataset"))
        #expect(fairness.message.contains("seq \(borrowed)"))
        #expect(fairness.citedSeqs == [borrowed])
        // Engine 1 counted it: the old semantics stay available for old decisions.
        let v1Decision = PolicyEngine.evaluate(
            set: try world.registry.publishedPolicySet(at: try world.registry.policySetInForce()!.entry), facts: why.facts,
            semantics: .v1)
        #expect(v1Decision.outcome(ruleID: "prod-demographic-parity-sex")?.status == .pass)
    }

    @Test("attack: a lone policy-admin's publication does not govern until a second person approves it")
    func lonePolicyAdmin() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        // polly alone publishes a set that lets anything into production without approvals.
        let pending = try Self.publishUngovernedProduction(world)
        #expect(pending.effective == nil)
        #expect(pending.approvers == ["polly"])
        #expect(try world.registry.policySetInForce()?.entry != pending.entry)
        _ = world.twoDaysLater()
        let outcome = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("polly"))
        #expect(!outcome.allowed)
        #expect(outcome.record.policySet.entry != pending.entry)  // the previous set decided
        // polly cannot approve her own publication; a data scientist cannot approve at all.
        let refusedBefore = try world.registry.ledger.entries(types: [EventType.actionRefused]).count
        for (who, why) in [
            ("polly", "polly published this set and cannot also approve it (a second person must)"),
            ("dana", "dana may not approve policy sets: that needs policy-admin or risk-officer"),
        ] {
            let error = #expect(throws: RegistryError.self) {
                try world.registry.approvePolicySet(publication: pending.entry, by: world.signer(who))
            }
            #expect(error?.code == .refused)
            #expect(error?.message.contains(why) == true, "\(String(describing: error?.message))")
        }
        #expect(try world.registry.ledger.entries(types: [EventType.actionRefused]).count == refusedBefore + 2, "both refusals recorded")
    }

    @Test("attack: with an ungoverned production approved by two, the built-in floor still needs an independent approval")
    func productionFloor() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let pending = try Self.publishUngovernedProduction(world)
        let approved = try world.registry.approvePolicySet(publication: pending.entry, by: world.signer("rick"))
        #expect(approved.effective != nil)
        // The registrant's own approval and the requester's do not count.
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let denied = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("rick"))
        #expect(!denied.allowed)
        let floor = try #require(denied.decision.outcome(ruleID: PolicyEngine.productionFloorRuleID))
        #expect(floor.status == .fail)
        #expect(floor.enforcement == .hardMandatory)
        #expect(floor.approvals?.setAside.map(\.reason) == [.excludedRequester])
        // An override cannot lift it.
        let overridden = try world.registry.promote(
            Self.model, version: version, to: .production,
            override: OverrideRequest(rules: [PolicyEngine.productionFloorRuleID], justification: "urgent"), by: world.signer("rick"))
        #expect(!overridden.allowed)
        // An independent approval satisfies it.
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        let allowed = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("rick"))
        #expect(allowed.allowed)
        #expect(allowed.decision.outcome(ruleID: PolicyEngine.productionFloorRuleID)?.approvals?.counted.map(\.actor) == ["vera"])
        #expect(try world.registry.replayDecisions().isValid)
    }

    @Test("one staleness rule: monitoring does not stale an approval unless the rule says so; approval list agrees with the engine")
    func stalenessAgrees() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let approval = try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        let reference = try world.write("ref.csv", "x\n1\n2\n3\n4\n")
        let current = try world.write("cur.csv", "x\n1\n2\n3\n5\n")
        try world.registry.monitor(model: Self.model, version: version, reference: reference, current: current, by: world.signer("dana"))
        func engineSaysStale(_ facts: PromotionFacts, staleOnMonitoring: Bool) -> Bool {
            let rule = Rule(
                id: "r",
                parameters: .requiredApprovals(
                    RequiredApprovalsParameters(count: 1, roles: ["validator"], staleOnMonitoring: staleOnMonitoring)))
            let set = PolicySet(policies: [Policy(name: "p", scope: PolicyScope(), rules: [rule])])
            let decision = PolicyEngine.evaluate(set: set, facts: facts)
            return decision.outcome(ruleID: "r")?.approvals?.setAside.contains { $0.seq == approval && $0.reason == .stale } ?? false
        }
        let facts = try world.registry.explain(Self.model, version: version, to: .production, requester: "rick").facts
        let listed = try #require(try world.registry.reviews(Self.model, version: version).first { $0.entry == approval })
        #expect(!engineSaysStale(facts, staleOnMonitoring: false))
        #expect(listed.isStale == false)
        #expect(listed.newerMonitoring.count == 1)
        #expect(engineSaysStale(facts, staleOnMonitoring: true))
        // A newer evaluation makes it stale for both.
        try world.recordEvaluation(version: version)
        let later = try world.registry.explain(Self.model, version: version, to: .production, requester: "rick").facts
        #expect(engineSaysStale(later, staleOnMonitoring: false))
        #expect(try world.registry.reviews(Self.model, version: version).first { $0.entry == approval }?.isStale == true)
    }

    @Test(
        "attack: approvals of a deactivated reviewer, a revoked role or a revoked key stop counting; a deactivated rejecter no longer blocks"
    )
    func reviewersWhoLostStanding() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let vera = try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        let victor = try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("victor"))
        let rick = try world.registry.reject(Self.model, version: version, for: .production, by: world.signer("rick"))
        func tally() throws -> ApprovalTally {
            try #require(
                try world.registry.explain(Self.model, version: version, to: .production, requester: "pat").decision
                    .outcome(ruleID: "prod-two-approvals")?.approvals)
        }
        #expect(try tally().counted.map(\.seq) == [vera, victor])
        #expect(try tally().blockingRejections.map(\.seq) == [rick])
        try world.registry.deactivateActor("rick", reason: "left the bank", by: world.signer("alice"))
        #expect(try tally().blockingRejections.isEmpty)
        try world.registry.revokeRole("validator", from: "victor", by: world.signer("alice"))
        let afterRole = try tally()
        #expect(afterRole.counted.map(\.seq) == [vera])
        #expect(afterRole.setAside.first { $0.seq == victor }?.reason == .standingLost)
        #expect(afterRole.setAside.first { $0.seq == victor }?.detail.contains("lost the role validator") == true)
        // vera revokes her own key (compromised): her approval stops counting from that entry.
        let key = world.signer("vera").verifierKey
        let revocation = try world.registry.ledger.append(
            try EntryDraft(
                type: LedgerEntryType.keyRevoked,
                encoding: KeyRevokedPayload(principal: "vera", key: key.description, reason: "lost laptop")),
            signer: world.signer("vera"))
        let afterKey = try tally()
        #expect(afterKey.counted.isEmpty)
        #expect(afterKey.setAside.first { $0.seq == vera }?.detail.contains("revoked at seq \(revocation.sequence)") == true)
        // A decision now records them as set aside, and replays.
        _ = world.twoDaysLater()
        let outcome = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(!outcome.allowed)
        #expect(try world.registry.replayDecisions().isValid)
    }

    @Test("a decision's time is its entry's time, exactly; a decision forged one second off fails replay")
    func decisionTimeIsEntryTime() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let outcome = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        let entry = try world.registry.ledger.entry(at: outcome.entry)
        #expect(ISOTime.seconds(Date(timeIntervalSince1970: Double(entry.timeMicros) / 1_000_000)) == outcome.record.time)
        #expect(entry.timeMicros % 1_000_000 == 0)
        #expect(outcome.record.engine == "attest-policy/3")
        // Forge the same decision in a later entry: its time is no longer its entry's.
        world.clock.advance(1)
        let forged = try world.registry.ledger.append(
            try EntryDraft(type: EventType.promotionDecided, encoding: outcome.record), signer: world.signer("pat"))
        let report = try world.registry.replayDecisions()
        #expect(report.mismatches.map(\.entry) == [forged.sequence])
        #expect(report.mismatches.first?.detail.contains("is not the time of its entry") == true)
    }

    @Test("replay compares what decided, not words: a reworded message replays, a changed status does not")
    func replayContract() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let outcome = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(!outcome.allowed)
        // A copy of the record with every message reworded, appended as a decision at the same time.
        var reworded = outcome.record
        for index in reworded.decision.outcomes.indices { reworded.decision.outcomes[index].message = "reworded" }
        reworded.decision.reasons = ["reworded"]
        var flipped = outcome.record
        flipped.decision.outcomes[0].status = flipped.decision.outcomes[0].status == .pass ? .fail : .pass
        try world.registry.ledger.write { writer in
            let time = writer.lastTimeMicros
            try writer.append(
                try EntryDraft(type: EventType.promotionDecided, encoding: reworded), signer: world.signer("pat"), timeMicros: time)
        }
        let report = try world.registry.replayDecisions()
        #expect(report.isValid, "\(report.mismatches)")
        try world.registry.ledger.write { writer in
            let time = writer.lastTimeMicros
            try writer.append(
                try EntryDraft(type: EventType.promotionDecided, encoding: flipped), signer: world.signer("pat"), timeMicros: time)
        }
        let flippedReport = try world.registry.replayDecisions()
        #expect(flippedReport.mismatches.count == 1)
        #expect(flippedReport.mismatches.first?.detail.contains("rule '\(flipped.decision.outcomes[0].ruleID)': recorded") == true)
    }

    @Test("attack: a policy approval written around the command by the publisher is caught by verify's authority check")
    func forgedPolicyApproval() throws {
        let world = try GovernanceWorld()
        let files = try PolicySetLoader.sourceFiles(in: try world.policyCopy())
        let pending = try world.registry.publishPolicySet(files, by: world.signer("polly"))
        let forged = try world.registry.ledger.append(
            try EntryDraft(type: EventType.policyApproved, encoding: PolicyApproved(publication: pending.entry, setHash: pending.hash)),
            signer: world.signer("polly"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [forged.sequence])
        #expect(problems.first?.detail.contains("cannot also approve it") == true)
        // And it does not make the set govern.
        #expect(try world.registry.policySetInForce() == nil)
    }

    @Test("attack: an approval by someone who holds neither policy-admin nor risk-officer does not complete the quorum")
    func publicationApprovedByAnOutsider() throws {
        let world = try GovernanceWorld()
        let files = try PolicySetLoader.sourceFiles(in: try world.policyCopy())
        let pending = try world.registry.publishPolicySet(files, by: world.signer("polly"))
        // dana (data-scientist) approves it through the library, around the command's role check.
        let forged = try world.registry.ledger.append(
            try EntryDraft(type: EventType.policyApproved, encoding: PolicyApproved(publication: pending.entry, setHash: pending.hash)),
            signer: world.signer("dana"))
        #expect(try world.registry.policySetInForce() == nil, "the set does not govern on an outsider's approval")
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [forged.sequence])
        #expect(problems.first?.detail.contains("may not approve policy sets") == true, "\(problems)")
        // A risk officer's approval does complete it.
        try world.registry.approvePolicySet(publication: pending.entry, by: world.signer("rick"))
        #expect(try world.registry.policySetInForce()?.entry == pending.entry)
    }
}
