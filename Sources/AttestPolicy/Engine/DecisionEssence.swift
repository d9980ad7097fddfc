public import Foundation

/// What decided a promotion, without the words: the part of a ``Decision`` that replay compares.
///
/// The replay contract (docs/governance.md): a recorded decision replays when the result, the
/// policies that applied, every rule's status, observed value, bound and cited entries, the
/// approvals counted and set aside (actor, entry, reason) and the blocking rejections, and what
/// became of each override request come out the same. Messages, reasons and details are prose
/// for people; rewording them never makes a past decision fail.
public struct DecisionEssence: Hashable, Sendable {
    /// One rule's part.
    public struct Rule: Hashable, Sendable {
        /// The rule id.
        public var ruleID: String
        /// The policy holding it.
        public var policy: String
        /// Status after enforcement and overrides.
        public var status: RuleStatus
        /// What the check itself found, for overridden and advisory outcomes.
        public var underlyingStatus: RuleStatus?
        /// The value observed.
        public var observed: ObservedValue?
        /// The bound.
        public var bound: String?
        /// Cited entries.
        public var citedSeqs: [EntrySeq]
        /// Approvals required, for `required_approvals`.
        public var required: Int?
        /// Counted approvals: (actor, entry).
        public var counted: [String]
        /// Set-aside approvals: (actor, entry, reason).
        public var setAside: [String]
        /// Blocking rejections: (actor, entry).
        public var blockingRejections: [String]
    }

    /// The verdict.
    public var result: DecisionResult
    /// Model, version, from and to stage, requester and time, as one line.
    public var subject: String
    /// Applicable policies.
    public var policies: [String]
    /// One element per rule outcome, in order.
    public var rules: [Rule]
    /// Each override request: rule id, applied, problem, blocking.
    public var overrides: [String]
    /// Every cited entry.
    public var citedSeqs: [EntrySeq]

    /// The essence of a decision.
    /// - Parameter decision: The decision.
    public init(_ decision: Decision) {
        result = decision.result
        subject =
            "\(decision.model) v\(decision.version) \(decision.fromStage) -> \(decision.toStage) by \(decision.requester) at "
            + "\(decision.time.timeIntervalSince1970)"
        policies = decision.policies
        rules = decision.outcomes.map { outcome in
            Rule(
                ruleID: outcome.ruleID, policy: outcome.policy, status: outcome.status, underlyingStatus: outcome.underlyingStatus,
                observed: outcome.observed, bound: outcome.bound, citedSeqs: outcome.citedSeqs, required: outcome.approvals?.required,
                counted: outcome.approvals?.counted.map { "\($0.actor)@\($0.seq)" } ?? [],
                setAside: outcome.approvals?.setAside.map { "\($0.actor)@\($0.seq):\($0.reason.rawValue)" } ?? [],
                blockingRejections: outcome.approvals?.blockingRejections.map { "\($0.actor)@\($0.seq)" } ?? [])
        }
        overrides = decision.overrides.map {
            "\($0.ruleID) applied=\($0.applied) problem=\($0.problem?.rawValue ?? "-") blocking=\($0.blocking)"
        }
        citedSeqs = decision.citedSeqs
    }

    /// The first way `replayed` differs from `self` (the recorded essence), in words; `nil` when equal.
    /// - Parameter replayed: The essence of the replayed decision.
    /// - Returns: A sentence naming the first difference.
    public func firstDifference(from replayed: DecisionEssence) -> String? {
        if self == replayed { return nil }
        if result != replayed.result { return "recorded \(result.rawValue), replay gives \(replayed.result.rawValue)" }
        if subject != replayed.subject { return "recorded \(subject), replay gives \(replayed.subject)" }
        if policies != replayed.policies {
            return "recorded policies \(policies.joined(separator: ", ")), replay applies \(replayed.policies.joined(separator: ", "))"
        }
        for (old, new) in zip(rules, replayed.rules) where old != new {
            if old.ruleID != new.ruleID { return "rule '\(old.ruleID)' recorded where replay evaluates '\(new.ruleID)'" }
            return "rule '\(old.ruleID)': " + Self.ruleDifference(old, new)
        }
        if rules.count != replayed.rules.count { return "recorded \(rules.count) rule outcomes, replay gives \(replayed.rules.count)" }
        if overrides != replayed.overrides {
            return
                "override requests: recorded [\(overrides.joined(separator: "; "))], replay gives [\(replayed.overrides.joined(separator: "; "))]"
        }
        return "cited entries: recorded \(citedSeqs), replay gives \(replayed.citedSeqs)"
    }

    private static func ruleDifference(_ old: Rule, _ new: Rule) -> String {
        func show<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        if old.status != new.status { return "recorded \(old.status.rawValue), replay gives \(new.status.rawValue)" }
        if old.underlyingStatus != new.underlyingStatus {
            return "recorded underlying \(show(old.underlyingStatus?.rawValue)), replay gives \(show(new.underlyingStatus?.rawValue))"
        }
        if old.observed != new.observed { return "recorded observed \(show(old.observed)), replay gives \(show(new.observed))" }
        if old.bound != new.bound { return "recorded bound \(show(old.bound)), replay gives \(show(new.bound))" }
        if old.counted != new.counted { return "recorded counted approvals \(old.counted), replay counts \(new.counted)" }
        if old.setAside != new.setAside { return "recorded set aside \(old.setAside), replay sets aside \(new.setAside)" }
        if old.blockingRejections != new.blockingRejections {
            return "recorded blocking rejections \(old.blockingRejections), replay gives \(new.blockingRejections)"
        }
        if old.citedSeqs != new.citedSeqs { return "recorded cited entries \(old.citedSeqs), replay cites \(new.citedSeqs)" }
        return "recorded policy '\(old.policy)', replay gives '\(new.policy)' (or the number of approvals required differs)"
    }
}
