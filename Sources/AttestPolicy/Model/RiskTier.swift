/// The risk tier of a model, as set by its owner and reviewed by risk management.
public enum RiskTier: String, CaseIterable, Codable, Sendable, Comparable {
    /// Little impact on people or the business.
    case low
    /// Moderate impact; the default gates apply.
    case medium
    /// Material impact (for example credit or clinical decisions).
    case high

    /// Orders tiers from low to high.
    /// - Parameters:
    ///   - lhs: A tier.
    ///   - rhs: Another tier.
    /// - Returns: Whether `lhs` is a lower tier than `rhs`.
    public static func < (lhs: RiskTier, rhs: RiskTier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
