import AttestPolicy
import Foundation
import Testing

@Suite("Decisions")
struct DecisionTests {
    @Test("the same set and facts give byte-identical decisions")
    func deterministic() throws {
        let set = try PolicySetLoader.load(directory: policiesDirectory)
        var facts = baseFacts()
        facts.approvals.shuffle()
        let first = try PolicyEngine.evaluate(set: set, facts: facts).canonicalJSON()
        for _ in 0..<20 {
            facts.approvals.shuffle()
            facts.monitoring[0].columns.shuffle()
            #expect(try PolicyEngine.evaluate(set: set, facts: facts).canonicalJSON() == first)
        }
    }

    @Test("outcomes follow set order: policies by path, rules in file order")
    func order() throws {
        let set = try PolicySetLoader.load(files: [
            PolicySourceFile(
                path: "b.yaml",
                bytes: Data(
                    policy(
                        "  - {id: b1, kind: cooldown, min_duration: 1d}\n  - {id: b2, kind: stage_transition, from: [staging]}", name: "b"
                    ).utf8)),
            PolicySourceFile(path: "a.yaml", bytes: Data(policy("  - {id: a1, kind: cooldown, min_duration: 1d}", name: "a").utf8)),
        ])
        let decision = PolicyEngine.evaluate(set: set, facts: baseFacts())
        #expect(decision.policies == ["a", "b"])
        // A promotion to production: the built-in floor comes first, then the set's rules in order.
        #expect(decision.outcomes.map(\.ruleID) == [PolicyEngine.productionFloorRuleID, "a1", "b1", "b2"])
        #expect(decision.outcome(ruleID: PolicyEngine.productionFloorRuleID)?.status == .pass)
        #expect(decision.citedSeqs == [25, 30, 31])
    }

    @Test("policies are selected by target stage, source stage, risk tier and tags")
    func applicability() throws {
        let yaml = """
            name: p
            applies_to:
              target_stage: production
              source_stages: [staging]
              risk_tiers: [high]
              tags: {domain: credit}
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """
        let set = try loadSet(yaml)
        #expect(PolicyEngine.evaluate(set: set, facts: baseFacts()).policies == ["p"])
        var facts = baseFacts()
        facts.model.tags["domain"] = "marketing"
        #expect(PolicyEngine.evaluate(set: set, facts: facts).policies.isEmpty)
        facts = baseFacts()
        facts.model.riskTier = .medium
        #expect(PolicyEngine.evaluate(set: set, facts: facts).policies.isEmpty)
        facts = baseFacts()
        facts.version.stage = .development
        #expect(PolicyEngine.evaluate(set: set, facts: facts).policies.isEmpty)
        facts = baseFacts()
        facts.request.targetStage = .archived
        #expect(PolicyEngine.evaluate(set: set, facts: facts).policies.isEmpty)
    }

    @Test("no applicable policy denies by default, allows where the settings say so")
    func ungoverned() throws {
        var facts = baseFacts()
        facts.request.targetStage = .archived
        let strict = PolicyEngine.evaluate(set: try loadSet(policy("  - {id: a, kind: cooldown, min_duration: 1d}")), facts: facts)
        #expect(strict.result == .deny)
        #expect(strict.reasons.first?.contains("fail closed") == true)
        let lenient = try loadSet(
            policy("  - {id: a, kind: cooldown, min_duration: 1d}"),
            settings: "allow_ungoverned_targets: [archived]\n")
        #expect(PolicyEngine.evaluate(set: lenient, facts: facts).result == .allow)
        let open = try loadSet(policy("  - {id: a, kind: cooldown, min_duration: 1d}"), settings: "when_no_policy_applies: allow\n")
        #expect(PolicyEngine.evaluate(set: open, facts: facts).result == .allow)
    }

    @Test("a decision and the facts survive a JSON round trip")
    func roundTrip() throws {
        let set = try PolicySetLoader.load(directory: policiesDirectory)
        let facts = baseFacts()
        let decision = PolicyEngine.evaluate(set: set, facts: facts)
        let data = try decision.canonicalJSON()
        #expect(try JSONDecoder().decode(Decision.self, from: data) == decision)
        let factsData = try JSONEncoder().encode(facts)
        #expect(try JSONDecoder().decode(PromotionFacts.self, from: factsData) == facts)
        let setData = try JSONEncoder().encode(set)
        #expect(try JSONDecoder().decode(PolicySet.self, from: setData) == set)
    }

    @Test("facts decoding rejects unknown keys")
    func strictFacts() throws {
        var json = String(decoding: try JSONEncoder().encode(baseFacts()), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"withdrawn\":false", with: "\"withdrawn\":false,\"withdrawm\":true")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PromotionFacts.self, from: Data(json.utf8)) }
    }
}
