extension PolicyEngine {
    /// The id of the built-in rule that no policy can remove: promotion to `production` needs at
    /// least one approval by someone other than the requester and the registrant.
    public static let productionFloorRuleID = "attest/production-floor"
    /// The policy name the built-in rule is reported under.
    public static let builtInPolicyName = "(built-in)"

    /// The built-in floor's outcome for a promotion to `production` (engine 2 and later), or
    /// `nil` when it does not apply. It is `hard_mandatory`: no override lifts it. An approval
    /// counts when it is for this version and stage, signed before the request, not withdrawn,
    /// not stale, by a reviewer who kept their standing, and by neither the requester nor the
    /// registrant.
    static func productionFloor(facts: PromotionFacts, semantics: EngineSemantics) -> RuleOutcome? {
        guard semantics.enforcesProductionFloor, facts.request.targetStage == .production else { return nil }
        let counter = ApprovalCounter(
            facts: facts, semantics: semantics, roles: [], exclude: [.registrant, .requester], maxAge: nil, staleOnMonitoring: false,
            rejectionsBlock: false)
        let check = counter.check(required: 1, describing: " by someone other than the requester and the registrant (built-in floor)")
        return RuleOutcome(
            ruleID: productionFloorRuleID, policy: builtInPolicyName, kind: .requiredApprovals, enforcement: .hardMandatory,
            status: check.status, observed: check.observed, bound: check.bound, message: check.message,
            citedSeqs: Set(check.cited).sorted(), approvals: check.approvals)
    }
}
