internal import Foundation

extension PolicyEngine {
    /// `required_approvals`: counts distinct qualifying approvers, sets aside the rest with a
    /// reason, and lets an unwithdrawn rejection by a qualifying reviewer block.
    static func checkApprovals(
        _ p: RequiredApprovalsParameters, facts: PromotionFacts, semantics: EngineSemantics
    ) -> RuleCheck {
        let counter = ApprovalCounter(
            facts: facts, semantics: semantics, roles: p.roles, exclude: p.exclude, maxAge: p.maxAge,
            staleOnMonitoring: p.staleOnMonitoring)
        return counter.check(required: p.count, describing: p.roles.isEmpty ? "" : " (\(p.roles.joined(separator: " or ")))")
    }
}

/// Counts the approvals of a promotion under one set of conditions: the policy's
/// `required_approvals` rules and the built-in production floor share it.
struct ApprovalCounter {
    let facts: PromotionFacts
    let semantics: EngineSemantics
    /// Qualifying roles; empty means any role.
    let roles: [String]
    let exclude: [ApprovalExclusion]
    let maxAge: PolicyDuration?
    let staleOnMonitoring: Bool
    /// Whether an eligible rejection blocks (the policy's rules) or is not considered (the floor).
    var rejectionsBlock = true

    /// The entry of the newest evidence that makes earlier approvals stale (docs/governance.md,
    /// "One staleness rule"): evaluations and evidence documents; monitoring results only when
    /// the rule asks (engine 2 and later; engine 1 never counted them).
    var latestStalingEvidence: EntrySeq? {
        var latest = facts.latestEvidenceSeq
        if staleOnMonitoring, semantics.monitoringStalesOnlyWhenAsked, let monitoring = facts.monitoring.map(\.seq).max() {
            latest = max(latest ?? 0, monitoring)
        }
        return latest
    }

    /// Counts and returns the rule check.
    func check(required: Int, describing qualifier: String) -> RuleCheck {
        let latestEvidence = latestStalingEvidence
        var counted: [ReviewReference] = []
        var setAside: [SetAsideApproval] = []
        var countedActors = Set<String>()

        // Newest first, so that a person who approved twice counts with their latest approval.
        let approvals = facts.approvals
        let newestFirst = approvals.indices.sorted { approvals[$0].seq > approvals[$1].seq }
        for index in newestFirst {
            let review = approvals[index]
            if let (reason, detail) = setAsideReason(review, latestEvidence: latestEvidence, countedActors: countedActors) {
                setAside.append(SetAsideApproval(actor: review.actor, seq: review.seq, reason: reason, detail: detail))
            } else {
                countedActors.insert(review.actor)
                counted.append(ReviewReference(actor: review.actor, roles: qualifyingRoles(review), seq: review.seq, time: review.time))
            }
        }

        var rejections: [ReviewReference] = []
        for review in facts.rejections.sorted(by: { $0.seq < $1.seq }) where rejectionsBlock && ineligibility(review) == nil {
            rejections.append(ReviewReference(actor: review.actor, roles: qualifyingRoles(review), seq: review.seq, time: review.time))
        }

        counted.sort { $0.seq < $1.seq }
        setAside.sort { $0.seq < $1.seq }
        let tally = ApprovalTally(required: required, counted: counted, setAside: setAside, blockingRejections: rejections)
        var cited = counted.map(\.seq) + rejections.map(\.seq) + setAside.map(\.seq)
        if let latestEvidence, setAside.contains(where: { $0.reason == .stale }) { cited.append(latestEvidence) }
        let who = counted.map(\.actor).joined(separator: ", ")
        var message = "\(counted.count) of \(required) required approvals" + qualifier + (counted.isEmpty ? "" : " by \(who)")
        if !setAside.isEmpty {
            message += "; set aside: " + setAside.map { "\($0.actor) seq \($0.seq) \($0.reason.rawValue)" }.joined(separator: ", ")
        }
        let status: RuleStatus
        if !rejections.isEmpty {
            status = .fail
            message = "rejected by " + rejections.map { "\($0.actor) (seq \($0.seq))" }.joined(separator: ", ") + "; " + message
        } else {
            status = counted.count >= required ? .pass : .fail
        }
        return RuleCheck(
            status: status, observed: .number(Double(counted.count)), bound: ">= \(required)", message: message, cited: cited,
            approvals: tally)
    }

    /// The roles of the review that qualify, sorted.
    private func qualifyingRoles(_ review: ReviewFact) -> [String] {
        let held = semantics.requiresReviewerStanding ? review.rolesStillHeld : review.roles
        return held.filter { roles.isEmpty || roles.contains($0) }.sorted()
    }

    /// Why a review (approval or rejection) has no bearing on this promotion, if it has none:
    /// another version or stage, withdrawn, after the request, no qualifying role, or (engine 2)
    /// its author lost their standing.
    private func ineligibility(_ review: ReviewFact) -> (SetAsideReason, String)? {
        let request = facts.request
        if let number = review.version, number != facts.version.number {
            return (.wrongVersion, "for version \(number), not \(facts.version.number)")
        }
        if let stage = review.targetStage, stage != request.targetStage {
            return (.wrongStage, "for \(stage.rawValue), not \(request.targetStage)")
        }
        if review.withdrawn { return (.withdrawn, "withdrawn" + (review.withdrawnSeq.map { " at seq \($0)" } ?? "")) }
        if review.time > request.time { return (.afterRequest, "recorded after the request") }
        if let seq = request.seq, review.seq > seq { return (.afterRequest, "recorded after the request") }
        let qualifying = Set(roles)
        if !qualifying.isEmpty, qualifying.isDisjoint(with: review.roles) {
            return (
                .roleNotHeld, "held \(review.roles.joined(separator: ", ")) when signing, needs one of \(roles.joined(separator: ", "))"
            )
        }
        if semantics.requiresReviewerStanding {
            if let loss = review.personalStandingLoss { return (.standingLost, loss.description) }
            let still = Set(review.rolesStillHeld)
            let lostAll = qualifying.isEmpty ? still.isEmpty : qualifying.isDisjoint(with: still)
            if lostAll, let loss = review.standingLost.filter({ $0.reason == .roleRemoved }).max(by: { $0.seq < $1.seq }) {
                return (.standingLost, loss.description)
            }
        }
        return nil
    }

    /// Why an approval does not count, with the particulars; `nil` when it counts.
    private func setAsideReason(
        _ review: ReviewFact, latestEvidence: EntrySeq?, countedActors: Set<String>
    ) -> (SetAsideReason, String)? {
        if let ineligible = ineligibility(review) { return ineligible }
        let request = facts.request
        if exclude.contains(.registrant), review.actor == facts.version.registrant {
            return (.excludedRegistrant, "\(review.actor) registered the version")
        }
        if exclude.contains(.requester), review.actor == request.requester {
            return (.excludedRequester, "\(review.actor) requested the promotion")
        }
        if exclude.contains(.modelOwner), review.actor == facts.model.owner {
            return (.excludedModelOwner, "\(review.actor) owns the model")
        }
        if let latestEvidence, review.seq < latestEvidence {
            return (.stale, "given before newer evidence at seq \(latestEvidence)")
        }
        if let maxAge, request.time.timeIntervalSince(review.time) > Double(maxAge.seconds) {
            let age = PolicyDuration.format(seconds: request.time.timeIntervalSince(review.time))
            return (.expired, "\(age) old, max_age \(maxAge)")
        }
        if countedActors.contains(review.actor) { return (.duplicatePerson, "\(review.actor) already counts") }
        return nil
    }
}
