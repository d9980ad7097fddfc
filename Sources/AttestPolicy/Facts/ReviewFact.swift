public import Foundation

/// A recorded approval or rejection of a version for a target stage.
public struct ReviewFact: Hashable, Codable, Sendable {
    /// The reviewing actor (key `actor`).
    public var actor: String
    /// The roles the actor held when signing (key `roles`).
    public var roles: [String]
    /// The version reviewed (key `version`); `nil` means the version being promoted.
    public var version: Int?
    /// The stage the review is for (key `target_stage`); `nil` means the requested stage.
    public var targetStage: Stage?
    /// When it was signed (key `time`).
    public var time: Date
    /// Its entry (key `seq`).
    public var seq: EntrySeq
    /// Whether the reviewer has since withdrawn it (key `withdrawn`, default false).
    public var withdrawn: Bool
    /// The withdrawal entry (key `withdrawn_seq`).
    public var withdrawnSeq: EntrySeq?
    /// What the reviewer lost after signing and before the request: deactivation, the signing
    /// key's revocation, roles removed (key `standing_lost`, default empty; engine 2 and later).
    public var standingLost: [StandingLoss]

    /// Creates a review fact.
    /// - Parameters:
    ///   - actor: Reviewer.
    ///   - roles: Roles held when signing.
    ///   - version: Version reviewed.
    ///   - targetStage: Stage reviewed for.
    ///   - time: Signing time.
    ///   - seq: Entry.
    ///   - withdrawn: Whether withdrawn.
    ///   - withdrawnSeq: Withdrawal entry.
    ///   - standingLost: What the reviewer lost after signing.
    public init(
        actor: String, roles: [String], version: Int? = nil, targetStage: Stage? = nil, time: Date, seq: EntrySeq,
        withdrawn: Bool = false, withdrawnSeq: EntrySeq? = nil, standingLost: [StandingLoss] = []
    ) {
        self.actor = actor
        self.roles = roles
        self.version = version
        self.targetStage = targetStage
        self.time = time
        self.seq = seq
        self.withdrawn = withdrawn
        self.withdrawnSeq = withdrawnSeq
        self.standingLost = standingLost
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case actor, roles, version, targetStage = "target_stage", time, seq, withdrawn
        case withdrawnSeq = "withdrawn_seq", standingLost = "standing_lost"
    }

    /// Decodes a review, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actor = try c.decode(String.self, forKey: .actor)
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? []
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        targetStage = try c.decodeIfPresent(Stage.self, forKey: .targetStage)
        time = try c.decodeTime(forKey: .time)
        seq = try c.decode(EntrySeq.self, forKey: .seq)
        withdrawn = try c.decodeIfPresent(Bool.self, forKey: .withdrawn) ?? false
        withdrawnSeq = try c.decodeIfPresent(EntrySeq.self, forKey: .withdrawnSeq)
        standingLost = try c.decodeIfPresent([StandingLoss].self, forKey: .standingLost) ?? []
    }

    /// Encodes the review with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(actor, forKey: .actor)
        try c.encode(roles, forKey: .roles)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(targetStage, forKey: .targetStage)
        try c.encodeTime(time, forKey: .time)
        try c.encode(seq, forKey: .seq)
        try c.encode(withdrawn, forKey: .withdrawn)
        try c.encodeIfPresent(withdrawnSeq, forKey: .withdrawnSeq)
        // Only when present, so that facts of engine-1 decisions keep the digest they were recorded with.
        if !standingLost.isEmpty { try c.encode(standingLost, forKey: .standingLost) }
    }

    /// The roles the reviewer held when signing and still held at the request.
    public var rolesStillHeld: [String] {
        let removed = Set(standingLost.compactMap { $0.reason == .roleRemoved ? $0.role : nil })
        return roles.filter { !removed.contains($0) }
    }

    /// The deactivation or key revocation that ended the review, if any (the earliest).
    public var personalStandingLoss: StandingLoss? {
        standingLost.filter { $0.reason != .roleRemoved }.min { $0.seq < $1.seq }
    }
}
