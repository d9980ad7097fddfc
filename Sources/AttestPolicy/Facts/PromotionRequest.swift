public import Foundation

/// The promotion being decided: who asks, for which stage, when, and any break-glass override.
public struct PromotionRequest: Hashable, Codable, Sendable {
    /// The requesting actor (key `requester`).
    public var requester: String
    /// The roles the requester holds at the time of the request (key `requester_roles`).
    public var requesterRoles: [String]
    /// The stage requested (key `target_stage`).
    public var targetStage: Stage
    /// The time of the request: the "now" of every age and cooldown check (key `time`).
    public var time: Date
    /// The request's entry, if already recorded (key `seq`).
    public var seq: EntrySeq?
    /// A break-glass override, if requested (key `override`).
    public var override: OverrideRequest?

    /// Creates a request.
    /// - Parameters:
    ///   - requester: Requesting actor.
    ///   - requesterRoles: Their roles.
    ///   - targetStage: Target stage.
    ///   - time: Request time.
    ///   - seq: Request entry.
    ///   - override: Override request.
    public init(
        requester: String, requesterRoles: [String] = [], targetStage: Stage, time: Date, seq: EntrySeq? = nil,
        override: OverrideRequest? = nil
    ) {
        self.requester = requester
        self.requesterRoles = requesterRoles
        self.targetStage = targetStage
        self.time = time
        self.seq = seq
        self.override = override
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case requester, requesterRoles = "requester_roles", targetStage = "target_stage", time, seq, override
    }

    /// Decodes a request, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requester = try c.decode(String.self, forKey: .requester)
        requesterRoles = try c.decodeIfPresent([String].self, forKey: .requesterRoles) ?? []
        targetStage = try c.decode(Stage.self, forKey: .targetStage)
        time = try c.decodeTime(forKey: .time)
        seq = try c.decodeIfPresent(EntrySeq.self, forKey: .seq)
        override = try c.decodeIfPresent(OverrideRequest.self, forKey: .override)
    }

    /// Encodes the request with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requester, forKey: .requester)
        try c.encode(requesterRoles, forKey: .requesterRoles)
        try c.encode(targetStage, forKey: .targetStage)
        try c.encodeTime(time, forKey: .time)
        try c.encodeIfPresent(seq, forKey: .seq)
        try c.encodeIfPresent(override, forKey: .override)
    }
}

/// A break-glass request to override failed `soft_mandatory` rules.
public struct OverrideRequest: Hashable, Codable, Sendable {
    /// The ids of the rules to override (key `rules`).
    public var rules: [String]
    /// Why; must not be empty (key `justification`).
    public var justification: String

    /// Creates an override request.
    /// - Parameters:
    ///   - rules: Rule ids.
    ///   - justification: Why.
    public init(rules: [String], justification: String) {
        self.rules = rules
        self.justification = justification
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case rules, justification }

    /// Decodes an override request, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decode([String].self, forKey: .rules)
        justification = try c.decodeIfPresent(String.self, forKey: .justification) ?? ""
    }
}
