extension PolicyEngine {
    /// `stage_transition`: the version's current stage must be one of `from`.
    static func checkStageTransition(_ p: StageTransitionParameters, facts: PromotionFacts) -> RuleCheck {
        let current = facts.version.stage
        let target = facts.request.targetStage
        let allowed = p.from.map(\.rawValue).joined(separator: ", ")
        let cited = facts.version.stageEnteredSeq.map { [$0] } ?? []
        let bound = "from one of: \(allowed)"
        if p.from.contains(current) {
            return .pass(
                "\(current) -> \(target) is allowed", observed: .text(current.rawValue), bound: bound,
                cited: cited)
        }
        return .fail(
            "\(current) -> \(target) is not allowed; \(target) may be reached only from \(allowed)",
            observed: .text(current.rawValue), bound: bound, cited: cited)
    }
}
