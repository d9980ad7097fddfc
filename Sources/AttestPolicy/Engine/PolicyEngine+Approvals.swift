internal import Foundation

extension PolicyEngine {
    /// `required_approvals`: counts distinct qualifying approvers, sets aside the rest with a
    /// reason, and lets an unwithdrawn rejection by a qualifying reviewer block.
    static func checkApprovals(_ p: RequiredApprovalsParameters, facts: PromotionFacts) -> RuleCheck {
        let request = facts.request
        let version = facts.version
        let latestEvidence = facts.latestEvidenceSeq
        let qualifying = Set(p.roles)
        var counted: [ReviewReference] = []
        var setAside: [SetAsideApproval] = []
        var countedActors = Set<String>()

        func isForThisPromotion(_ review: ReviewFact) -> SetAsideReason? {
            if let number = review.version, number != version.number { return .wrongVersion }
            if let stage = review.targetStage, stage != request.targetStage { return .wrongStage }
            if review.withdrawn { return .withdrawn }
            if review.time > request.time { return .afterRequest }
            if let seq = request.seq, review.seq > seq { return .afterRequest }
            if !qualifying.isEmpty, qualifying.isDisjoint(with: review.roles) { return .roleNotHeld }
            return nil
        }

        // Newest first, so that a person who approved twice counts with their latest approval.
        let approvals = facts.approvals
        let newestFirst = approvals.indices.sorted { approvals[$0].seq > approvals[$1].seq }
        for index in newestFirst {
            let review = approvals[index]
            var reason = isForThisPromotion(review)
            var detail = ""
            switch reason {
            case .wrongVersion: detail = "for version \(review.version ?? 0), not \(version.number)"
            case .wrongStage: detail = "for \(review.targetStage?.rawValue ?? ""), not \(request.targetStage)"
            case .withdrawn: detail = "withdrawn" + (review.withdrawnSeq.map { " at seq \($0)" } ?? "")
            case .afterRequest: detail = "recorded after the request"
            case .roleNotHeld:
                detail =
                    "held \(review.roles.joined(separator: ", ")) when signing, "
                    + "needs one of \(p.roles.joined(separator: ", "))"
            default: break
            }
            if reason == nil {
                if p.exclude.contains(.registrant), review.actor == version.registrant {
                    reason = .excludedRegistrant
                    detail = "\(review.actor) registered the version"
                } else if p.exclude.contains(.requester), review.actor == request.requester {
                    reason = .excludedRequester
                    detail = "\(review.actor) requested the promotion"
                } else if p.exclude.contains(.modelOwner), review.actor == facts.model.owner {
                    reason = .excludedModelOwner
                    detail = "\(review.actor) owns the model"
                } else if let latestEvidence, review.seq < latestEvidence {
                    reason = .stale
                    detail = "given before newer evidence at seq \(latestEvidence)"
                } else if let maxAge = p.maxAge,
                    request.time.timeIntervalSince(review.time) > Double(maxAge.seconds)
                {
                    reason = .expired
                    detail =
                        "\(PolicyDuration.format(seconds: request.time.timeIntervalSince(review.time))) old, "
                        + "max_age \(maxAge)"
                } else if countedActors.contains(review.actor) {
                    reason = .duplicatePerson
                    detail = "\(review.actor) already counts"
                }
            }
            if let reason {
                setAside.append(SetAsideApproval(actor: review.actor, seq: review.seq, reason: reason, detail: detail))
            } else {
                countedActors.insert(review.actor)
                let roles = review.roles.filter { qualifying.isEmpty || qualifying.contains($0) }.sorted()
                counted.append(ReviewReference(actor: review.actor, roles: roles, seq: review.seq, time: review.time))
            }
        }

        var rejections: [ReviewReference] = []
        let rejectionsInOrder = facts.rejections.indices.sorted { facts.rejections[$0].seq < facts.rejections[$1].seq }
        for index in rejectionsInOrder {
            let review = facts.rejections[index]
            guard isForThisPromotion(review) == nil else { continue }
            let roles = review.roles.filter { qualifying.isEmpty || qualifying.contains($0) }.sorted()
            rejections.append(ReviewReference(actor: review.actor, roles: roles, seq: review.seq, time: review.time))
        }

        counted.sort { $0.seq < $1.seq }
        setAside.sort { $0.seq < $1.seq }
        let tally = ApprovalTally(
            required: p.count, counted: counted, setAside: setAside, blockingRejections: rejections)
        var cited = counted.map(\.seq) + rejections.map(\.seq) + setAside.map(\.seq)
        if let latestEvidence, setAside.contains(where: { $0.reason == .stale }) { cited.append(latestEvidence) }
        let who = counted.map(\.actor).joined(separator: ", ")
        var message =
            "\(counted.count) of \(p.count) required approvals"
            + (p.roles.isEmpty ? "" : " (\(p.roles.joined(separator: " or ")))")
            + (counted.isEmpty ? "" : " by \(who)")
        if !setAside.isEmpty {
            message +=
                "; set aside: "
                + setAside.map { "\($0.actor) seq \($0.seq) \($0.reason.rawValue)" }.joined(separator: ", ")
        }
        let status: RuleStatus
        if !rejections.isEmpty {
            status = .fail
            message =
                "rejected by "
                + rejections.map { "\($0.actor) (seq \($0.seq))" }.joined(separator: ", ") + "; " + message
        } else {
            status = counted.count >= p.count ? .pass : .fail
        }
        return RuleCheck(
            status: status, observed: .number(Double(counted.count)), bound: ">= \(p.count)", message: message,
            cited: cited, approvals: tally)
    }
}
