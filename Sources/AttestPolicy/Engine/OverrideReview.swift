/// What the engine made of one rule id named in an override request.
public struct OverrideReview: Hashable, Codable, Sendable {
    /// The rule id requested.
    public var ruleID: String
    /// Whether the override was applied.
    public var applied: Bool
    /// Why it was not applied, if it was not.
    public var problem: OverrideProblem?
    /// Whether the problem denies the promotion.
    public var blocking: Bool
    /// A sentence explaining the outcome.
    public var message: String

    /// Creates a review.
    /// - Parameters:
    ///   - ruleID: Rule id.
    ///   - applied: Whether applied.
    ///   - problem: Problem.
    ///   - blocking: Whether it denies.
    ///   - message: Explanation.
    public init(ruleID: String, applied: Bool, problem: OverrideProblem?, blocking: Bool, message: String) {
        self.ruleID = ruleID
        self.applied = applied
        self.problem = problem
        self.blocking = blocking
        self.message = message
    }

    private enum CodingKeys: String, CodingKey { case ruleID = "rule_id", applied, problem, blocking, message }
}

/// Why an override request for a rule was not applied.
public enum OverrideProblem: String, CaseIterable, Codable, Sendable {
    /// No rule in the set has this id (blocking).
    case unknownRule = "unknown_rule"
    /// The rule's policy does not apply to this promotion (blocking).
    case notApplicable = "not_applicable"
    /// The rule is `hard_mandatory` and cannot be overridden (blocking).
    case hardMandatory = "hard_mandatory"
    /// The requester holds none of the rule's `override_roles` (blocking).
    case roleNotHeld = "role_not_held"
    /// The justification is empty (blocking).
    case missingJustification = "missing_justification"
    /// The rule is advisory and never denies, so there is nothing to override (not blocking).
    case advisory
    /// The rule passed, so there is nothing to override (not blocking).
    case notFailed = "not_failed"
}
