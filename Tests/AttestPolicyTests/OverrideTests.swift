import AttestPolicy
import Foundation
import Testing

let overridePolicy = policy(
    """
      - {id: soak, kind: cooldown, min_duration: 7d, enforcement: soft_mandatory, override_roles: [risk-officer]}
      - {id: from, kind: stage_transition, from: [staging]}
      - {id: drift, kind: drift_threshold, metric: psi, op: '<=', value: 0.01, enforcement: advisory}
    """)

func overrideFacts(
    _ rules: [String], roles: [String] = ["risk-officer"], justification: String = "incident INC-1"
)
    -> PromotionFacts
{
    var facts = baseFacts()
    facts.version.stageEnteredAt = march(18)
    facts.request.requesterRoles = roles
    facts.request.override = OverrideRequest(rules: rules, justification: justification)
    return facts
}

@Suite("Overrides")
struct OverrideTests {
    @Test("a permitted override of a failed soft rule allows with override")
    func permitted() throws {
        let decision = PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: overrideFacts(["soak"]))
        #expect(decision.result == .allowWithOverride)
        let soak = try #require(decision.outcome(ruleID: "soak"))
        #expect(soak.status == .overridden)
        #expect(soak.underlyingStatus == .fail)
        #expect(soak.override == AppliedOverride(requester: "pat", roles: ["risk-officer"], justification: "incident INC-1"))
        #expect(decision.overrides.map(\.applied) == [true])
        #expect(decision.reasons.contains { $0.contains("incident INC-1") })
    }

    @Test("without a soft failure the soft rule denies")
    func notOverridden() throws {
        var facts = overrideFacts([])
        facts.request.override = nil
        #expect(PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: facts).result == .deny)
    }

    @Test(
        "refused overrides deny and say why",
        arguments: [
            (["soak"], ["ml-engineer"], "incident", OverrideProblem.roleNotHeld),
            (["soak"], ["risk-officer"], " \n", .missingJustification),
            (["from"], ["risk-officer"], "incident", .hardMandatory),
            (["nope"], ["risk-officer"], "incident", .unknownRule),
        ])
    func refused(_ rules: [String], _ roles: [String], _ justification: String, _ problem: OverrideProblem) throws {
        var facts = overrideFacts(rules, roles: roles, justification: justification)
        facts.version.stage = .staging
        let decision = PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: facts)
        #expect(decision.result == .deny)
        #expect(decision.overrides.first?.problem == problem)
        #expect(decision.overrides.first?.blocking == true)
        #expect(decision.outcome(ruleID: "soak")?.status == .fail)
    }

    @Test("overriding a hard rule is refused even when the soft rule override is valid")
    func hardRuleDeniesWholeRequest() throws {
        let decision = PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: overrideFacts(["soak", "from"]))
        #expect(decision.result == .deny)
        #expect(decision.overrides.map(\.problem) == [nil, .hardMandatory])
    }

    @Test("overriding an advisory or a passing rule is noted but does not deny")
    func harmless() throws {
        var facts = overrideFacts(["drift"])
        facts.version.stageEnteredAt = march(1)
        let decision = PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: facts)
        #expect(decision.result == .allow)
        #expect(decision.overrides.first?.problem == .advisory)
        facts.request.override = OverrideRequest(rules: ["soak"], justification: "x")
        let passing = PolicyEngine.evaluate(set: try loadSet(overridePolicy), facts: facts)
        #expect(passing.result == .allow)
        #expect(passing.overrides.first?.problem == .notFailed)
    }

    @Test("a rule of a policy that does not apply cannot be overridden")
    func notApplicable() throws {
        let other = policy(
            "  - {id: other, kind: cooldown, min_duration: 1d, enforcement: soft_mandatory, override_roles: [risk-officer]}", name: "q"
        )
        .replacingOccurrences(of: "target_stage: production", with: "target_stage: archived")
        let set = try PolicySetLoader.load(files: [
            PolicySourceFile(path: "a.yaml", bytes: Data(overridePolicy.utf8)),
            PolicySourceFile(path: "b.yaml", bytes: Data(other.utf8)),
        ])
        var facts = overrideFacts(["other"])
        facts.version.stageEnteredAt = march(1)
        let decision = PolicyEngine.evaluate(set: set, facts: facts)
        #expect(decision.result == .deny)
        #expect(decision.overrides.first?.problem == .notApplicable)
    }
}
