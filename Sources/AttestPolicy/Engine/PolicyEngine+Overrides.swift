internal import Foundation

extension PolicyEngine {
    /// Applies the request's override to failed `soft_mandatory` rules and reviews every
    /// rule id it names.
    static func applyOverrides(
        set: PolicySet, facts: PromotionFacts, outcomes: inout [RuleOutcome]
    ) -> [OverrideReview] {
        guard let request = facts.request.override else { return [] }
        var seen = Set<String>()
        var reviews: [OverrideReview] = []
        let requester = facts.request.requester
        let justification = request.justification.trimmingCharacters(in: .whitespacesAndNewlines)
        for id in request.rules where seen.insert(id).inserted {
            func refuse(_ problem: OverrideProblem, blocking: Bool, _ message: String) {
                reviews.append(
                    OverrideReview(ruleID: id, applied: false, problem: problem, blocking: blocking, message: message))
            }
            guard let index = outcomes.firstIndex(where: { $0.ruleID == id }) else {
                if let found = set.rule(id: id) {
                    refuse(
                        .notApplicable, blocking: true,
                        "rule '\(id)' belongs to policy '\(found.policy.name)', which does not apply to this promotion")
                } else {
                    refuse(.unknownRule, blocking: true, "no rule '\(id)' in the policy set")
                }
                continue
            }
            let outcome = outcomes[index]
            let rule = set.rule(id: id)?.rule
            switch outcome.enforcement {
            case .hardMandatory:
                refuse(.hardMandatory, blocking: true, "rule '\(id)' is hard_mandatory and cannot be overridden")
                continue
            case .advisory:
                refuse(.advisory, blocking: false, "rule '\(id)' is advisory and never denies; nothing to override")
                continue
            case .softMandatory:
                break
            }
            guard outcome.status.blocks else {
                refuse(.notFailed, blocking: false, "rule '\(id)' passed; nothing to override")
                continue
            }
            let permitted = (rule?.overrideRoles ?? []).filter { facts.request.requesterRoles.contains($0) }
            guard !permitted.isEmpty else {
                let roles = (rule?.overrideRoles ?? []).joined(separator: ", ")
                refuse(
                    .roleNotHeld, blocking: true,
                    "\(requester) holds none of the roles allowed to override '\(id)' (\(roles))")
                continue
            }
            guard !justification.isEmpty else {
                refuse(.missingJustification, blocking: true, "an override of '\(id)' needs a justification")
                continue
            }
            outcomes[index].underlyingStatus = outcome.status
            outcomes[index].status = .overridden
            outcomes[index].override = AppliedOverride(
                requester: requester, roles: permitted, justification: justification)
            reviews.append(
                OverrideReview(
                    ruleID: id, applied: true, problem: nil, blocking: false,
                    message: "overridden by \(requester) as \(permitted.joined(separator: ", "))"))
        }
        return reviews
    }
}
