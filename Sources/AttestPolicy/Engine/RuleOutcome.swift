/// The result of one rule in a decision, with the evidence it rests on.
public struct RuleOutcome: Hashable, Codable, Sendable {
    /// The rule's id.
    public var ruleID: String
    /// The name of the policy holding the rule.
    public var policy: String
    /// The rule's kind.
    public var kind: RuleKind
    /// The rule's enforcement.
    public var enforcement: Enforcement
    /// The status after enforcement and overrides.
    public var status: RuleStatus
    /// For `overridden` and `advisory_fail`, what the check itself found (`fail` or `error`).
    public var underlyingStatus: RuleStatus?
    /// The value observed, if any.
    public var observed: ObservedValue?
    /// The bound the value was held to, as text (e.g. `>= 0.8`), if any.
    public var bound: String?
    /// A sentence explaining the status.
    public var message: String
    /// The ledger entries the outcome rests on, ascending.
    public var citedSeqs: [EntrySeq]
    /// For `required_approvals`, how the reviews were counted.
    public var approvals: ApprovalTally?
    /// For `overridden`, the override applied.
    public var override: AppliedOverride?

    /// Creates an outcome.
    /// - Parameters:
    ///   - ruleID: Rule id.
    ///   - policy: Policy name.
    ///   - kind: Rule kind.
    ///   - enforcement: Enforcement.
    ///   - status: Status.
    ///   - underlyingStatus: Check status before enforcement/override.
    ///   - observed: Observed value.
    ///   - bound: Bound text.
    ///   - message: Explanation.
    ///   - citedSeqs: Entries cited.
    ///   - approvals: Approval tally.
    ///   - override: Applied override.
    public init(
        ruleID: String, policy: String, kind: RuleKind, enforcement: Enforcement, status: RuleStatus,
        underlyingStatus: RuleStatus? = nil, observed: ObservedValue? = nil, bound: String? = nil, message: String,
        citedSeqs: [EntrySeq] = [], approvals: ApprovalTally? = nil, override: AppliedOverride? = nil
    ) {
        self.ruleID = ruleID
        self.policy = policy
        self.kind = kind
        self.enforcement = enforcement
        self.status = status
        self.underlyingStatus = underlyingStatus
        self.observed = observed
        self.bound = bound
        self.message = message
        self.citedSeqs = citedSeqs
        self.approvals = approvals
        self.override = override
    }

    private enum CodingKeys: String, CodingKey {
        case ruleID = "rule_id", policy, kind, enforcement, status, underlyingStatus = "underlying_status"
        case observed, bound, message, citedSeqs = "cited_seqs", approvals, override
    }
}

/// A break-glass override that was applied to a rule.
public struct AppliedOverride: Hashable, Codable, Sendable {
    /// Who overrode.
    public var requester: String
    /// The requester's roles that permit the override.
    public var roles: [String]
    /// Why.
    public var justification: String

    /// Creates an applied override.
    /// - Parameters:
    ///   - requester: Requester.
    ///   - roles: Permitting roles.
    ///   - justification: Justification.
    public init(requester: String, roles: [String], justification: String) {
        self.requester = requester
        self.roles = roles
        self.justification = justification
    }
}
