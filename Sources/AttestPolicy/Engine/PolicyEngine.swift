/// Evaluates a policy set against the facts of a promotion request.
///
/// Pure and deterministic: the same set and facts always give the same ``Decision``,
/// with outcomes in set order (policies by file path, rules in file order) and cited
/// entries ascending. "Now" is the request's time.
public enum PolicyEngine {
    /// Decides a promotion.
    ///
    /// Selects the policies whose `applies_to` matches, checks every rule, applies the
    /// override request to failed `soft_mandatory` rules, and derives the verdict:
    /// `deny` when a blocking rule fails or errs, or an override request is invalid;
    /// `allow_with_override` when overrides were needed; else `allow`. When no policy
    /// applies, the set's settings decide (by default `deny`: fail closed).
    ///
    /// From engine 2 on, a promotion to `production` also meets the built-in floor
    /// (``productionFloorRuleID``) before any policy's rules: whatever the set says.
    /// - Parameters:
    ///   - set: The published policy set.
    ///   - facts: The snapshot of facts.
    ///   - semantics: The engine version whose rule semantics decide (default: the current one;
    ///     replay passes the version a decision was recorded with).
    /// - Returns: The decision, with one outcome per rule.
    public static func evaluate(set: PolicySet, facts: PromotionFacts, semantics: EngineSemantics = .current) -> Decision {
        let applicable = set.policies.filter { $0.scope.matches(facts) }
        var outcomes: [RuleOutcome] = []
        if let floor = productionFloor(facts: facts, semantics: semantics) { outcomes.append(floor) }
        for policy in applicable {
            for rule in policy.rules {
                outcomes.append(outcome(of: rule, in: policy, facts: facts, semantics: semantics))
            }
        }
        let overrides = applyOverrides(set: set, facts: facts, outcomes: &outcomes)
        var reasons: [String] = []
        var result = DecisionResult.allow
        if applicable.isEmpty {
            let transition = "\(facts.version.stage) -> \(facts.request.targetStage)"
            let allowed =
                set.settings.whenNoPolicyApplies == .allow
                || set.settings.allowUngovernedTargets.contains(facts.request.targetStage)
            if allowed {
                reasons.append(
                    "no policy applies to \(transition) for a \(facts.model.riskTier.rawValue)-tier model; "
                        + "the policy set allows ungoverned promotions to \(facts.request.targetStage)")
            } else {
                result = .deny
                reasons.append(
                    "no policy applies to \(transition) for a \(facts.model.riskTier.rawValue)-tier model; "
                        + "denied by default (fail closed): add a policy whose applies_to covers this promotion")
            }
        }
        for outcome in outcomes where outcome.status.blocks {
            result = .deny
            reasons.append(
                "rule '\(outcome.ruleID)' (\(outcome.enforcement.rawValue)) \(outcome.status.rawValue): "
                    + outcome.message)
        }
        for review in overrides where review.blocking {
            result = .deny
            reasons.append("override of '\(review.ruleID)' refused: \(review.message)")
        }
        if result == .allow, outcomes.contains(where: { $0.status == .overridden }) {
            result = .allowWithOverride
            for outcome in outcomes where outcome.status == .overridden {
                reasons.append(
                    "rule '\(outcome.ruleID)' overridden by \(facts.request.requester): "
                        + (outcome.override?.justification ?? ""))
            }
        }
        let cited = Set(outcomes.flatMap(\.citedSeqs)).sorted()
        return Decision(
            result: result, model: facts.model.name, version: facts.version.number,
            fromStage: facts.version.stage, toStage: facts.request.targetStage, requester: facts.request.requester,
            time: facts.request.time, policies: applicable.map(\.name), outcomes: outcomes, overrides: overrides,
            reasons: reasons, citedSeqs: cited)
    }

    /// Checks one rule and applies its enforcement level.
    static func outcome(of rule: Rule, in policy: Policy, facts: PromotionFacts, semantics: EngineSemantics) -> RuleOutcome {
        let check = check(rule.parameters, facts: facts, semantics: semantics)
        var status = check.status
        var underlying: RuleStatus?
        if rule.enforcement == .advisory, check.status.blocks {
            status = .advisoryFail
            underlying = check.status
        }
        return RuleOutcome(
            ruleID: rule.id, policy: policy.name, kind: rule.kind, enforcement: rule.enforcement, status: status,
            underlyingStatus: underlying, observed: check.observed, bound: check.bound, message: check.message,
            citedSeqs: Set(check.cited).sorted(), approvals: check.approvals)
    }

    /// Dispatches to the check of the rule's kind.
    static func check(_ parameters: RuleParameters, facts: PromotionFacts, semantics: EngineSemantics) -> RuleCheck {
        switch parameters {
        case .stageTransition(let p): checkStageTransition(p, facts: facts)
        case .requiredApprovals(let p): checkApprovals(p, facts: facts, semantics: semantics)
        case .metricThreshold(let p): checkMetric(p, facts: facts, semantics: semantics)
        case .fairnessThreshold(let p): checkFairness(p, facts: facts, semantics: semantics)
        case .requiredEvidence(let p): checkEvidence(p, facts: facts)
        case .driftThreshold(let p): checkDrift(p, facts: facts, semantics: semantics)
        case .cooldown(let p): checkCooldown(p, facts: facts)
        case .requiredSignature(let p): checkSignature(p, facts: facts)
        case .requiredEnvironment(let p): checkEnvironment(p, facts: facts)
        }
    }
}
