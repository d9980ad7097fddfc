import AttestLedger
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

/// Entries validly signed but written around the commands (through the library, or by a script
/// against the file) are reported by the authority check that `attest verify` runs.
@Suite("Authority of each entry's signer")
struct AuthorityTests {
    @Test("an honest ledger has no authority problem")
    func honest() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        _ = try world.versionInStaging()
        #expect(try AuthorityCheck.problems(in: world.registry).isEmpty)
    }

    @Test("a data scientist who adds a key for the admin and grants themselves admin is reported at each entry")
    func forgedKeyAndGrant() throws {
        let world = try GovernanceWorld()
        let ledger = world.registry.ledger
        let forged = try Signer(name: "alice", key: .generate())
        let added = try ledger.append(
            EntryDraft(type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "alice", key: forged.verifierKey.description)),
            signer: world.signer("dana"))
        let granted = try ledger.append(
            EntryDraft(type: EventType.roleGranted, encoding: RoleChange(actor: "dana", role: "admin")), signer: forged)
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.first?.sequence == added.sequence)
        #expect(problems.first?.kind == .unauthorized)
        #expect(problems.first?.detail.contains("dana changed actors, keys or roles") == true)
        // The grant is signed by a key the projections give to alice, an admin: its own entry is
        // within her authority, so the forgery is located where it happened.
        #expect(problems.count == 1)
        _ = granted
        #expect(try LedgerVerifier().verify(ledger).isValid, "every signature is valid: only the authority check sees it")
    }

    @Test("a stage change without an allowing decision is reported")
    func stageChangeWithoutDecision() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let change = try world.registry.ledger.append(
            EntryDraft(
                type: EventType.stageChanged,
                encoding: StageChanged(
                    model: GovernanceWorld.model, version: version, from: .development, to: .production, reason: "trust me", decision: nil)),
            signer: world.signer("alice"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [change.sequence])
        #expect(problems.first?.detail.contains("without a promotion decision") == true)
    }

    @Test("withdrawing somebody else's rejection is reported")
    func foreignWithdrawal() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let rejection = try world.registry.reject(GovernanceWorld.model, version: version, for: .staging, by: world.signer("victor"))
        let withdrawal = try world.registry.ledger.append(
            EntryDraft(
                type: EventType.approvalWithdrawn,
                encoding: ReviewWithdrawn(
                    model: GovernanceWorld.model, version: version, stage: "staging", withdraws: [rejection])),
            signer: world.signer("vera"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [withdrawal.sequence])
        #expect(problems.first?.detail.contains("victor's") == true)
    }

    @Test("a policy published by someone who is not a policy-admin is reported")
    func unauthorizedPublication() throws {
        let world = try GovernanceWorld()
        let info = try world.publishShippedPolicies()
        let original = try world.registry.ledger.entry(at: info.entry)
        let again = try world.registry.ledger.append(
            EntryDraft(type: EventType.policyPublished, payload: original.payload), signer: world.signer("dana"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [again.sequence])
    }

    /// The problem the authority check reports at `seq`, if any.
    func problem(at seq: UInt64, in world: GovernanceWorld) throws -> VerificationProblem? {
        try AuthorityCheck.problems(in: world.registry).first { $0.sequence == seq && $0.kind == .unauthorized }
    }

    @Test("an approval signed by a data scientist (no reviewer role) is reported")
    func approvalWithoutReviewerRole() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let approval = try world.registry.approve(GovernanceWorld.model, version: version, for: .staging, by: world.signer("vera"))
        let original = try world.registry.ledger.entry(at: approval)
        let forged = try world.registry.ledger.append(
            EntryDraft(type: original.type, payload: original.payload), signer: world.signer("dana"))
        let found = try problem(at: forged.sequence, in: world)
        #expect(found?.detail.contains("dana reviewed a version holding data-scientist") == true, "\(String(describing: found))")
    }

    @Test("a policy set published by an admin who is not a policy-admin is reported")
    func publicationByAdmin() throws {
        let world = try GovernanceWorld()
        let info = try world.publishShippedPolicies()
        let original = try world.registry.ledger.entry(at: info.entry)
        let again = try world.registry.ledger.append(
            EntryDraft(type: EventType.policyPublished, payload: original.payload), signer: world.signer("alice"))
        let found = try problem(at: again.sequence, in: world)
        #expect(found?.detail.contains("alice published a policy set holding admin") == true, "\(String(describing: found))")
    }

    @Test("a role granted by a risk officer (not an admin) is reported")
    func grantByRiskOfficer() throws {
        let world = try GovernanceWorld()
        let grant = try world.registry.ledger.append(
            EntryDraft(type: EventType.roleGranted, encoding: RoleChange(actor: "dana", role: "validator")), signer: world.signer("rick"))
        let found = try problem(at: grant.sequence, in: world)
        #expect(found?.detail.contains("rick changed actors, keys or roles holding risk-officer") == true, "\(String(describing: found))")
    }

    @Test("a second role catalogue, even by an admin, is reported")
    func secondRoleCatalogue() throws {
        let world = try GovernanceWorld()
        let first = try world.registry.ledger.entry(at: 1)
        #expect(first.type == EventType.registryInitialized)
        let again = try world.registry.ledger.append(
            EntryDraft(type: EventType.registryInitialized, payload: first.payload), signer: world.signer("alice"))
        let found = try problem(at: again.sequence, in: world)
        #expect(found?.detail == "the role catalogue may only be written once, right after the genesis")
    }

    @Test("a promotion decision signed by someone other than the requester it names is reported")
    func decisionSignedByAnother() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let denied = try world.registry.promote(GovernanceWorld.model, version: version, to: .staging, by: world.signer("pat"))
        let original = try world.registry.ledger.entry(at: denied.entry)
        let forged = try world.registry.ledger.append(
            EntryDraft(type: original.type, payload: original.payload), signer: world.signer("vera"))
        let found = try problem(at: forged.sequence, in: world)
        #expect(found?.detail == "the decision names pat as the requester but vera signed it")
    }

    @Test("a stage change citing a decision that denied it is reported")
    func stageChangeCitingADenial() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.registerVersion()
        let denied = try world.registry.promote(GovernanceWorld.model, version: version, to: .staging, by: world.signer("pat"))
        #expect(!denied.allowed)
        let change = try world.registry.ledger.append(
            EntryDraft(
                type: EventType.stageChanged,
                encoding: StageChanged(
                    model: GovernanceWorld.model, version: version, from: .development, to: .staging, reason: "promoted",
                    decision: denied.entry)),
            signer: world.signer("pat"))
        let found = try problem(at: change.sequence, in: world)
        #expect(found?.detail == "the stage change cites decision \(denied.entry), which did not allow it")
    }
}
