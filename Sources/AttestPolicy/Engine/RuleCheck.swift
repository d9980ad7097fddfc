/// What a rule's check found, before enforcement and overrides are applied.
struct RuleCheck {
    /// `pass`, `fail` or `error`.
    var status: RuleStatus
    var observed: ObservedValue?
    var bound: String?
    var message: String
    var cited: [EntrySeq]
    var approvals: ApprovalTally?

    static func pass(
        _ message: String, observed: ObservedValue? = nil, bound: String? = nil, cited: [EntrySeq] = []
    ) -> RuleCheck {
        RuleCheck(status: .pass, observed: observed, bound: bound, message: message, cited: cited)
    }

    static func fail(
        _ message: String, observed: ObservedValue? = nil, bound: String? = nil, cited: [EntrySeq] = []
    ) -> RuleCheck {
        RuleCheck(status: .fail, observed: observed, bound: bound, message: message, cited: cited)
    }

    static func error(_ message: String, bound: String? = nil, cited: [EntrySeq] = []) -> RuleCheck {
        RuleCheck(status: .error, observed: nil, bound: bound, message: message, cited: cited)
    }

    /// Passes or fails by comparing a value with a bound.
    static func compare(
        _ value: Double, _ bound: Bound, subject: String, cited: [EntrySeq]
    ) -> RuleCheck {
        let text = "\(subject) is \(formatNumber(value)), bound \(bound)"
        return bound.isSatisfied(by: value)
            ? .pass(text, observed: .number(value), bound: bound.description, cited: cited)
            : .fail(text, observed: .number(value), bound: bound.description, cited: cited)
    }
}
