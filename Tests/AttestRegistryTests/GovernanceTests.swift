import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

@Suite("Governance: publication, approvals, promotion")
struct GovernanceTests {
    static let model = GovernanceWorld.model

    @Test("a promotion without a published policy set is refused and the refusal is logged")
    func noPublishedSet() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        expectRegistryError(.refused, "no policy set has been published, so no promotion can be decided") {
            try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        }
        let refusals = try world.registry.ledger.entries(types: [EventType.actionRefused])
        #expect(refusals.count == 1)
        #expect(refusals[0].payloadText.contains("no policy set has been published"))
    }

    @Test("only a policy-admin publishes; publishing the set in force again records nothing")
    func publishing() throws {
        let world = try GovernanceWorld()
        let files = try PolicySetLoader.sourceFiles(in: try world.policyCopy())
        expectRegistryError(.refused, "dana may not publish policy sets") {
            try world.registry.publishPolicySet(files, by: world.signer("dana"))
        }
        let info = try world.registry.publishPolicySet(files, by: world.signer("polly"))
        #expect(info.hash == PolicySetHash.hash(files))
        #expect(info.files.map(\.path) == ["production.yaml", "settings.yaml", "staging.yaml"])
        #expect(info.publisher == "polly")
        do {
            try world.registry.publishPolicySet(files, by: world.signer("polly"))
            Issue.record("republishing the same set should be refused")
        } catch let error as RegistryError {
            #expect(error.code == .alreadyExists)
        }
        #expect(try world.registry.policyHistory().count == 1)
        // The published copy loads back to the same set.
        let loaded = try world.registry.publishedPolicySet(at: info.entry)
        #expect(loaded == (try PolicySetLoader.load(files: files)))
    }

    @Test("the set hash is the SHA-256 of a sha256sum listing sorted by path")
    func setHashVector() {
        let files = [
            PolicySourceFile(path: "b.yaml", bytes: Data("b\n".utf8)), PolicySourceFile(path: "a.yaml", bytes: Data("a\n".utf8)),
        ]
        // printf 'a\n' | sha256sum; printf 'b\n' | sha256sum
        #expect(
            PolicySetHash.listing(files) == """
                87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7  a.yaml
                0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f  b.yaml

                """)
        #expect(PolicySetHash.hash(files) == SHA256.hash(Data(PolicySetHash.listing(files).utf8)).description)
    }

    @Test("a local edit changes nothing until it is published")
    func localEditChangesNothing() throws {
        let world = try GovernanceWorld()
        let directory = try world.policyCopy()
        let pending = try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: directory), by: world.signer("polly"))
        let published = try world.registry.approvePolicySet(publication: pending.entry, by: world.signer("rick"))
        // Make the local staging gate impossible to pass.
        let staging = directory.appendingPathComponent("staging.yaml")
        let text = try String(contentsOf: staging, encoding: .utf8).replacingOccurrences(of: "value: 0.65", with: "value: 0.99")
        try Data(text.utf8).write(to: staging)
        let version = try world.registerVersion()
        try world.recordEvaluation(version: version)
        try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("vera"))
        let outcome = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(outcome.allowed)
        #expect(outcome.record.policySet == PolicySetReference(hash: published.hash, entry: published.entry))
        #expect(try world.registry.policySetInForce()?.hash == published.hash)
        // Explaining with the local directory shows what publishing it would do.
        let what = try world.registry.explain(
            Self.model, version: version, to: .production, requester: "pat", policies: try PolicySetLoader.load(directory: directory))
        #expect(what.policySet == nil)
    }

    @Test("four eyes: the registrant's own approval is recorded but set aside")
    func fourEyes() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        try world.registry.grantRole("validator", to: "dana", by: world.signer("alice"))
        let version = try world.registerVersion()
        try world.recordEvaluation(version: version)
        let own = try world.registry.approve(Self.model, version: version, for: .staging, comment: "mine", by: world.signer("dana"))
        let denied = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(!denied.allowed)
        let tally = try #require(denied.decision.outcome(ruleID: "staging-validator-approval")?.approvals)
        #expect(tally.counted.isEmpty)
        #expect(tally.setAside.map(\.seq) == [own])
        #expect(tally.setAside.first?.reason == .excludedRegistrant)
        #expect(try world.registry.version(Self.model, version).stage == "development")

        try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("vera"))
        let allowed = try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(allowed.allowed)
        #expect(allowed.decision.outcome(ruleID: "staging-validator-approval")?.approvals?.counted.map(\.actor) == ["vera"])
        #expect(try world.registry.version(Self.model, version).stage == "staging")
    }

    @Test(
        "two independent approvals allow production; the decision records each approver's roles; a role revoked since sets its approval aside"
    )
    func twoApprovalsAllow() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let victor = try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("victor"))
        // victor loses the role his approval counted under: it stops counting (engine 2).
        try world.registry.revokeRole("validator", from: "victor", by: world.signer("alice"))
        let outcome = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(outcome.decision.result == .allow, "\(outcome.reasons)")
        let tally = try #require(outcome.decision.outcome(ruleID: "prod-two-approvals")?.approvals)
        let counted = tally.counted
        #expect(Set(counted.map(\.actor)) == ["vera", "rick"])
        #expect(counted.first { $0.actor == "rick" }?.roles == ["risk-officer"])
        #expect(tally.setAside.map(\.seq) == [victor])
        #expect(tally.setAside.first?.reason == .standingLost)
        #expect(outcome.decision.outcome(ruleID: "prod-drift-psi")?.status == .advisoryFail)
        #expect(outcome.stageChanges.count == 1)
        let change = try JSONDecoder().decode(
            StageChanged.self, from: Data(try world.registry.ledger.entry(at: outcome.stageChanges[0]).payload))
        #expect(change.decision == outcome.entry)
        #expect(change.to == .production)
    }

    @Test("a failing fairness gate denies; the denial is recorded with the observed value and bound")
    func fairnessDenies() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        try world.recordEvaluation(version: version, demographicParityRatio: 0.6)
        try world.attachDocuments(version: version)
        try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("vera"))
        #expect(try world.registry.promote(Self.model, version: version, to: .staging, by: world.signer("pat")).allowed)
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let outcome = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(outcome.decision.result == .deny)
        let rule = try #require(outcome.decision.outcome(ruleID: "prod-demographic-parity-sex"))
        #expect(rule.status == .fail)
        #expect(rule.observed == .number(0.6))
        #expect(rule.bound == ">= 0.8")
        #expect(!rule.citedSeqs.isEmpty)
        #expect(outcome.stageChanges.isEmpty)
        #expect(try world.registry.version(Self.model, version).stage == "staging")
        let recorded = try world.registry.decisions(Self.model, version: version)
        #expect(recorded.map(\.result) == ["allow", "deny"])
        #expect(try world.registry.ledger.entry(at: outcome.entry).type == EventType.promotionDecided)
    }

    @Test("overrides: a risk officer may waive the soft cooldown with a justification; others and hard rules may not")
    func overrides() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        for reviewer in ["vera", "victor", "rick"] {
            try world.registry.approve(Self.model, version: version, for: .production, by: world.signer(reviewer))
        }
        // Within the cooldown: denied by the soft rule.
        let plain = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(plain.decision.outcome(ruleID: "prod-cooldown")?.status == .fail)
        #expect(!plain.allowed)
        // pat holds no override role.
        let byPat = try world.registry.promote(
            Self.model, version: version, to: .production, override: OverrideRequest(rules: ["prod-cooldown"], justification: "INC-1"),
            by: world.signer("pat"))
        #expect(!byPat.allowed)
        #expect(byPat.decision.overrides.first?.problem == .roleNotHeld)
        // A hard rule is never overridden.
        let hard = try world.registry.promote(
            Self.model, version: version, to: .production,
            override: OverrideRequest(rules: ["prod-cooldown", "prod-from-staging"], justification: "INC-1"), by: world.signer("rick"))
        #expect(!hard.allowed)
        #expect(hard.decision.overrides.contains { $0.ruleID == "prod-from-staging" && $0.problem == .hardMandatory })
        // Blank justification.
        let blank = try world.registry.promote(
            Self.model, version: version, to: .production, override: OverrideRequest(rules: ["prod-cooldown"], justification: "  "),
            by: world.signer("rick"))
        #expect(!blank.allowed)
        // rick (risk officer; his own approval is set aside as requester, vera and victor count).
        let allowed = try world.registry.promote(
            Self.model, version: version, to: .production,
            override: OverrideRequest(rules: ["prod-cooldown"], justification: "INC-4411 regulator deadline"),
            by: world.signer("rick"))
        #expect(allowed.decision.result == .allowWithOverride, "\(allowed.reasons)")
        #expect(allowed.record.overridden == ["prod-cooldown"])
        #expect(
            allowed.decision.outcome(ruleID: "prod-two-approvals")?.approvals?.setAside.contains {
                $0.actor == "rick" && $0.reason == .excludedRequester
            } == true)
        let history = try world.registry.history(Self.model)
        #expect(history.contains { $0.entry == allowed.entry && $0.highlight })
    }

    @Test("a model_signature cannot be attached as a plain document: it is recorded only once verified, and nothing is written")
    func unverifiedModelSignatureIsRefused() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let before = try world.registry.ledger.size()
        let error = #expect(throws: RegistryError.self) {
            try world.registry.attachEvidence(
                Self.model, version: version, kind: Registry.modelSignatureKind, file: try world.write("model.sig", "{}"),
                by: world.signer("dana"))
        }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("recorded only once verified") == true)
        #expect(try world.registry.ledger.size() == before)
    }

    @Test("new evidence after an approval makes it stale until the reviewer approves again")
    func staleApproval() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        try world.recordEvaluation(version: version)
        let stale = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(!stale.allowed)
        #expect(stale.decision.outcome(ruleID: "prod-two-approvals")?.approvals?.setAside.map(\.reason) == [.stale, .stale])
        #expect(
            try world.registry.reviews(Self.model, version: version).filter { !$0.newerEvidence.isEmpty && $0.stage == "production" }.count
                == 2)

        try world.registry.attachEvidence(
            Self.model, version: version, kind: "model_card", file: try world.write("card2.md", "v2"), by: world.signer("dana"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let fresh = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(fresh.allowed, "\(fresh.reasons)")
    }

    @Test("a rejection blocks until its reviewer withdraws it")
    func rejectionBlocks() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let rejection = try world.registry.reject(
            Self.model, version: version, for: .production, comment: "bias review pending", by: world.signer("victor"))
        let blocked = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(!blocked.allowed)
        #expect(blocked.decision.outcome(ruleID: "prod-two-approvals")?.approvals?.blockingRejections.map(\.seq) == [rejection])
        // Only the reviewer can withdraw their own rejection.
        expectRegistryError(.notFound, "pat has no approval or rejection of \(Self.model) v\(version) for production to withdraw") {
            try world.registry.withdrawReview(Self.model, version: version, for: .production, by: world.signer("pat"))
        }
        try world.registry.withdrawReview(Self.model, version: version, for: .production, by: world.signer("victor"))
        let allowed = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(allowed.allowed, "\(allowed.reasons)")
        #expect(try world.registry.reviews(Self.model, version: version).first { $0.entry == rejection }?.withdrawnBy != nil)
    }

    @Test("approvals bind the artifact and evidence digests; reviewers need a reviewing role")
    func approvalBinding() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let evaluation = try world.recordEvaluation(version: version)
        expectRegistryError(.refused, "pat may not approve versions") {
            try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("pat"))
        }
        let entry = try world.registry.approve(Self.model, version: version, for: .staging, by: world.signer("vera"))
        let review = try JSONDecoder().decode(ReviewRecorded.self, from: Data(try world.registry.ledger.entry(at: entry).payload))
        let info = try world.registry.version(Self.model, version)
        #expect(review.artifacts == info.registration.artifacts.map(\.digest))
        #expect(review.evidence.map(\.entry) == [evaluation])
        #expect(review.evidence.first?.kind == "evaluation:test")
        #expect(review.latestEvidenceEntry == evaluation)
        #expect(review.roles == ["validator"])
    }

    @Test("promoting to production archives the previous production version in the same transaction")
    func previousHolderArchived() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        var versions: [Int] = []
        for tag in ["a", "b"] {
            let version = try world.versionInStaging(tag: tag)
            try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
            try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
            world.clock.advance(3 * 86_400)
            let outcome = try world.registry.promote(
                Self.model, version: version, to: .production, at: world.clock.now, by: world.signer("pat"))
            #expect(outcome.allowed, "\(outcome.reasons)")
            versions.append(version)
            if tag == "b" {
                #expect(outcome.archived == [versions[0]])
                #expect(outcome.stageChanges.count == 2)
            }
        }
        #expect(try world.registry.version(Self.model, versions[0]).stage == "archived")
        #expect(try world.registry.version(Self.model, versions[1]).stage == "production")
        #expect(try world.registry.models().first?.production == versions[1])
    }

    @Test("setStage is now a policy-governed promotion")
    @available(*, deprecated)
    func setStageGoesThroughPolicy() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        expectRegistryError(.refused, "promotion of \(Self.model) v\(version) to production denied by decision") {
            try world.registry.setStage(Self.model, version: version, to: .production, reason: "shortcut", by: world.signer("alice"))
        }
        #expect(try world.registry.version(Self.model, version).stage == "development")
        #expect(try world.registry.decisions(Self.model).map(\.result) == ["deny"])
    }
}
