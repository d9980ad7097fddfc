/// The result of one rule in a decision.
public enum RuleStatus: String, CaseIterable, Codable, Sendable {
    /// The rule holds.
    case pass
    /// The rule does not hold.
    case fail
    /// The rule could not be evaluated (missing data); counts as a failure (fail closed).
    case error
    /// A `soft_mandatory` rule failed and a permitted requester overrode it.
    case overridden
    /// An `advisory` rule failed or could not be evaluated; reported, never denies.
    case advisoryFail = "advisory_fail"

    /// Whether the status denies the promotion.
    public var blocks: Bool { self == .fail || self == .error }
}
