import AttestRegistry

/// How the report files an entry, by its type. Governance types are matched by name so that the
/// report shows approvals and decisions as soon as they are recorded, whatever their exact type.
public enum EntryKind: String, Sendable {
    /// `evaluation.recorded`.
    case evaluation
    /// `monitoring.recorded`.
    case monitoring
    /// `evidence.attached`.
    case evidence
    /// `promotion.decided` (or any `*.decided` / `decision.*` type).
    case decision
    /// `policy.published` and `policy.approved`.
    case policy
    /// Approvals, rejections and withdrawals (`approval.*`, `review.*`, `*.approved`, `*.rejected`).
    case review
    /// `action.refused`.
    case refusal
    /// Anything else.
    case other

    /// The kind of an entry type.
    public init(type: String) {
        switch type {
        case EventType.evaluationRecorded: self = .evaluation
        case EventType.monitoringRecorded: self = .monitoring
        case EventType.evidenceAttached: self = .evidence
        case EventType.actionRefused: self = .refusal
        case EventType.policyPublished, EventType.policyApproved: self = .policy
        default:
            if type == "promotion.decided" || type.hasSuffix(".decided") || type.hasPrefix("decision.") {
                self = .decision
            } else if type.hasPrefix("approval.") || type.hasPrefix("review.") || type.contains("approv")
                || type.contains("reject") || type.contains("withdr")
            {
                self = .review
            } else if type.hasPrefix("policy.") && type.contains("publish") {
                self = .policy
            } else {
                self = .other
            }
        }
    }

    /// Whether a review entry approves (rather than rejects or withdraws).
    static func isApproval(_ type: String) -> Bool {
        type == EventType.approvalGranted
            || (EntryKind(type: type) == .review && type.contains("approv") && !type.contains("reject") && !type.contains("withdr")
                && !type.contains("revok"))
    }
}
