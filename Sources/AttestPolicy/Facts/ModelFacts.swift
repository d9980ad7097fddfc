/// The model being promoted.
public struct ModelFacts: Hashable, Codable, Sendable {
    /// The model's name (key `name`).
    public var name: String
    /// The actor who owns the model (key `owner`).
    public var owner: String
    /// Its risk tier (key `risk_tier`).
    public var riskTier: RiskTier
    /// Its tags (key `tags`, default empty).
    public var tags: [String: String]
    /// The entry that created the model (key `seq`), if known.
    public var seq: EntrySeq?

    /// Creates model facts.
    /// - Parameters:
    ///   - name: Model name.
    ///   - owner: Owner actor.
    ///   - riskTier: Risk tier.
    ///   - tags: Tags.
    ///   - seq: Creating entry.
    public init(name: String, owner: String, riskTier: RiskTier, tags: [String: String] = [:], seq: EntrySeq? = nil) {
        self.name = name
        self.owner = owner
        self.riskTier = riskTier
        self.tags = tags
        self.seq = seq
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, owner, riskTier = "risk_tier", tags, seq
    }

    /// Decodes model facts, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        owner = try c.decode(String.self, forKey: .owner)
        riskTier = try c.decode(RiskTier.self, forKey: .riskTier)
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        seq = try c.decodeIfPresent(EntrySeq.self, forKey: .seq)
    }

    /// Encodes the model facts.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(owner, forKey: .owner)
        try c.encode(riskTier, forKey: .riskTier)
        try c.encode(tags, forKey: .tags)
        try c.encodeIfPresent(seq, forKey: .seq)
    }
}
