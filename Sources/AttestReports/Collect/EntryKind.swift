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
            } else if type.hasPrefix("approval.") || type.hasPrefix("review.") || Self.has(type, "approv")
                || Self.has(type, "reject") || Self.has(type, "withdr")
            {
                self = .review
            } else if type.hasPrefix("policy.") && Self.has(type, "publish") {
                self = .policy
            } else {
                self = .other
            }
        }
    }

    /// Whether a review entry approves (rather than rejects or withdraws).
    static func isApproval(_ type: String) -> Bool {
        type == EventType.approvalGranted
            || (EntryKind(type: type) == .review && has(type, "approv") && !has(type, "reject") && !has(type, "withdr")
                && !has(type, "revok"))
    }

    /// Whether `type` contains `word`, byte for byte. A report asks this several times for every
    /// entry; the general `contains` (a substring searcher per call) was a tenth of its time.
    static func has(_ type: String, _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return type.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                if (1..<needle.count).allSatisfy({ bytes[start + $0] == needle[$0] }) { return true }
            }
            return false
        } ?? String(type).contains(String(decoding: needle, as: UTF8.self))
    }
}
