public import Foundation

/// The verdict on a promotion request.
public enum DecisionResult: String, CaseIterable, Codable, Sendable {
    /// Every blocking rule passed.
    case allow
    /// A blocking rule failed or could not be evaluated, an override request was invalid,
    /// or no policy governs the promotion and the set's default is to deny.
    case deny
    /// Allowed only because permitted overrides were applied to failed `soft_mandatory` rules.
    case allowWithOverride = "allow_with_override"
}

/// The decision on one promotion request: the value the registry records.
public struct Decision: Hashable, Codable, Sendable {
    /// The verdict.
    public var result: DecisionResult
    /// The model's name.
    public var model: String
    /// The version's number.
    public var version: Int
    /// The stage the version was in.
    public var fromStage: Stage
    /// The stage requested.
    public var toStage: Stage
    /// The requester.
    public var requester: String
    /// The time the decision used as "now" (the request's time).
    public var time: Date
    /// The names of the policies that applied, in set order.
    public var policies: [String]
    /// One outcome per rule of the applicable policies, in set and file order.
    public var outcomes: [RuleOutcome]
    /// What was made of each rule id in the override request.
    public var overrides: [OverrideReview]
    /// Sentences saying why the verdict is what it is (empty for a plain allow).
    public var reasons: [String]
    /// Every entry cited by an outcome, ascending, without repeats.
    public var citedSeqs: [EntrySeq]

    /// Creates a decision.
    /// - Parameters:
    ///   - result: Verdict.
    ///   - model: Model name.
    ///   - version: Version number.
    ///   - fromStage: Current stage.
    ///   - toStage: Target stage.
    ///   - requester: Requester.
    ///   - time: Decision time.
    ///   - policies: Applicable policies.
    ///   - outcomes: Rule outcomes.
    ///   - overrides: Override reviews.
    ///   - reasons: Reasons.
    ///   - citedSeqs: Cited entries.
    public init(
        result: DecisionResult, model: String, version: Int, fromStage: Stage, toStage: Stage, requester: String,
        time: Date, policies: [String], outcomes: [RuleOutcome], overrides: [OverrideReview], reasons: [String],
        citedSeqs: [EntrySeq]
    ) {
        self.result = result
        self.model = model
        self.version = version
        self.fromStage = fromStage
        self.toStage = toStage
        self.requester = requester
        self.time = time
        self.policies = policies
        self.outcomes = outcomes
        self.overrides = overrides
        self.reasons = reasons
        self.citedSeqs = citedSeqs
    }

    /// The outcome of a rule, by id.
    /// - Parameter id: The rule id.
    /// - Returns: The outcome, or `nil` when the rule was not evaluated.
    public func outcome(ruleID id: String) -> RuleOutcome? { outcomes.first { $0.ruleID == id } }

    /// The decision as canonical JSON: keys sorted, times in ISO 8601, no extra whitespace.
    /// The same decision always gives the same bytes.
    /// - Returns: UTF-8 JSON.
    /// - Throws: `EncodingError` (not expected: every value is encodable).
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private enum CodingKeys: String, CodingKey {
        case result, model, version, fromStage = "from_stage", toStage = "to_stage", requester, time, policies
        case outcomes, overrides, reasons, citedSeqs = "cited_seqs"
    }

    /// Decodes a decision written by ``encode(to:)``.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a malformed record.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        result = try c.decode(DecisionResult.self, forKey: .result)
        model = try c.decode(String.self, forKey: .model)
        version = try c.decode(Int.self, forKey: .version)
        fromStage = try c.decode(Stage.self, forKey: .fromStage)
        toStage = try c.decode(Stage.self, forKey: .toStage)
        requester = try c.decode(String.self, forKey: .requester)
        time = try c.decodeTime(forKey: .time)
        policies = try c.decode([String].self, forKey: .policies)
        outcomes = try c.decode([RuleOutcome].self, forKey: .outcomes)
        overrides = try c.decode([OverrideReview].self, forKey: .overrides)
        reasons = try c.decode([String].self, forKey: .reasons)
        citedSeqs = try c.decode([EntrySeq].self, forKey: .citedSeqs)
    }

    /// Encodes the decision with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result, forKey: .result)
        try c.encode(model, forKey: .model)
        try c.encode(version, forKey: .version)
        try c.encode(fromStage, forKey: .fromStage)
        try c.encode(toStage, forKey: .toStage)
        try c.encode(requester, forKey: .requester)
        try c.encodeTime(time, forKey: .time)
        try c.encode(policies, forKey: .policies)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(overrides, forKey: .overrides)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(citedSeqs, forKey: .citedSeqs)
    }
}
