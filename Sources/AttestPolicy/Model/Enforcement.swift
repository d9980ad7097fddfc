/// How strictly a rule is enforced (the levels of HashiCorp Sentinel).
public enum Enforcement: String, CaseIterable, Codable, Sendable {
    /// A failure denies the promotion; nobody can override it. The default.
    case hardMandatory = "hard_mandatory"
    /// A failure denies the promotion unless a requester holding one of the rule's
    /// `override_roles` overrides it with a justification (break-glass).
    case softMandatory = "soft_mandatory"
    /// A failure is reported (`advisory_fail`) but never denies.
    case advisory
}
