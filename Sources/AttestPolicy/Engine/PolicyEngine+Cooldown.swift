internal import Foundation

extension PolicyEngine {
    /// `cooldown`: at least `min_duration` between entering the current stage and the request.
    static func checkCooldown(_ p: CooldownParameters, facts: PromotionFacts) -> RuleCheck {
        let elapsed = facts.request.time.timeIntervalSince(facts.version.stageEnteredAt)
        let text = PolicyDuration.format(seconds: elapsed)
        let cited = facts.version.stageEnteredSeq.map { [$0] } ?? []
        let bound = ">= \(p.minDuration)"
        let message = "in \(facts.version.stage) for \(text), at least \(p.minDuration) required"
        return elapsed >= Double(p.minDuration.seconds)
            ? .pass(message, observed: .text(text), bound: bound, cited: cited)
            : .fail(message, observed: .text(text), bound: bound, cited: cited)
    }
}
