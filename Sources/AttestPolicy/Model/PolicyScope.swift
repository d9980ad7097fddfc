/// What a policy applies to (key `applies_to`). Every condition given must hold;
/// an omitted condition matches everything.
public struct PolicyScope: Hashable, Codable, Sendable {
    /// The stage being promoted to (key `target_stage`), or `nil` for any.
    public var targetStage: Stage?
    /// The stages being promoted from (key `source_stages`), or `nil` for any.
    public var sourceStages: [Stage]?
    /// The model risk tiers (key `risk_tiers`), or `nil` for any.
    public var riskTiers: [RiskTier]?
    /// Model tags that must all be present with these values (key `tags`).
    public var tags: [String: String]

    /// Creates a scope.
    /// - Parameters:
    ///   - targetStage: Target stage or `nil`.
    ///   - sourceStages: Source stages or `nil`.
    ///   - riskTiers: Risk tiers or `nil`.
    ///   - tags: Required tags.
    public init(
        targetStage: Stage? = nil, sourceStages: [Stage]? = nil, riskTiers: [RiskTier]? = nil,
        tags: [String: String] = [:]
    ) {
        self.targetStage = targetStage
        self.sourceStages = sourceStages
        self.riskTiers = riskTiers
        self.tags = tags
    }

    /// Whether the policy applies to a promotion.
    /// - Parameter facts: The promotion's facts.
    /// - Returns: Whether every condition holds.
    public func matches(_ facts: PromotionFacts) -> Bool {
        if let targetStage, targetStage != facts.request.targetStage { return false }
        if let sourceStages, !sourceStages.contains(facts.version.stage) { return false }
        if let riskTiers, !riskTiers.contains(facts.model.riskTier) { return false }
        for (key, value) in tags where facts.model.tags[key] != value { return false }
        return true
    }
}
