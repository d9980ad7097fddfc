public import Foundation

/// How a `required_approvals` rule counted the reviews: which approvals counted,
/// which were set aside and why, and which rejections block.
public struct ApprovalTally: Hashable, Codable, Sendable {
    /// Distinct approvers required.
    public var required: Int
    /// The approvals that counted, by entry seq.
    public var counted: [ReviewReference]
    /// The approvals set aside, by entry seq, each with its reason.
    public var setAside: [SetAsideApproval]
    /// Rejections in force (not withdrawn, by a holder of a qualifying role), by entry seq.
    public var blockingRejections: [ReviewReference]

    /// Creates a tally.
    /// - Parameters:
    ///   - required: Approvers required.
    ///   - counted: Counted approvals.
    ///   - setAside: Set-aside approvals.
    ///   - blockingRejections: Blocking rejections.
    public init(
        required: Int, counted: [ReviewReference] = [], setAside: [SetAsideApproval] = [],
        blockingRejections: [ReviewReference] = []
    ) {
        self.required = required
        self.counted = counted
        self.setAside = setAside
        self.blockingRejections = blockingRejections
    }

    private enum CodingKeys: String, CodingKey {
        case required, counted, setAside = "set_aside", blockingRejections = "blocking_rejections"
    }
}

/// A review cited by a tally.
public struct ReviewReference: Hashable, Codable, Sendable {
    /// The reviewer.
    public var actor: String
    /// The qualifying roles the reviewer held when signing.
    public var roles: [String]
    /// The review's entry.
    public var seq: EntrySeq
    /// When it was signed.
    public var time: Date

    /// Creates a reference.
    /// - Parameters:
    ///   - actor: Reviewer.
    ///   - roles: Qualifying roles held.
    ///   - seq: Entry.
    ///   - time: Signing time.
    public init(actor: String, roles: [String], seq: EntrySeq, time: Date) {
        self.actor = actor
        self.roles = roles
        self.seq = seq
        self.time = time
    }

    private enum CodingKeys: String, CodingKey { case actor, roles, seq, time }

    /// Decodes a reference with its time in ISO 8601.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a malformed reference.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actor = try c.decode(String.self, forKey: .actor)
        roles = try c.decode([String].self, forKey: .roles)
        seq = try c.decode(EntrySeq.self, forKey: .seq)
        time = try c.decodeTime(forKey: .time)
    }

    /// Encodes the reference with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(actor, forKey: .actor)
        try c.encode(roles, forKey: .roles)
        try c.encode(seq, forKey: .seq)
        try c.encodeTime(time, forKey: .time)
    }
}

/// An approval that did not count, and why.
public struct SetAsideApproval: Hashable, Codable, Sendable {
    /// The approver.
    public var actor: String
    /// The approval's entry.
    public var seq: EntrySeq
    /// Why it did not count.
    public var reason: SetAsideReason
    /// A sentence with the particulars (the newer evidence's seq, the age...).
    public var detail: String

    /// Creates a set-aside record.
    /// - Parameters:
    ///   - actor: Approver.
    ///   - seq: Entry.
    ///   - reason: Reason.
    ///   - detail: Particulars.
    public init(actor: String, seq: EntrySeq, reason: SetAsideReason, detail: String) {
        self.actor = actor
        self.seq = seq
        self.reason = reason
        self.detail = detail
    }
}

/// Why an approval was set aside. Checked in this order; the first that applies is reported.
public enum SetAsideReason: String, CaseIterable, Codable, Sendable {
    /// For another version.
    case wrongVersion = "wrong_version"
    /// For another target stage.
    case wrongStage = "wrong_stage"
    /// Withdrawn by its signer.
    case withdrawn
    /// Recorded after the promotion request.
    case afterRequest = "after_request"
    /// The signer held none of the rule's roles when signing.
    case roleNotHeld = "role_not_held"
    /// The signer was deactivated, the signing key revoked, or every qualifying role removed
    /// after signing and before the request (engine 2 and later).
    case standingLost = "standing_lost"
    /// The signer registered the version (four-eyes).
    case excludedRegistrant = "excluded_registrant"
    /// The signer requested the promotion (four-eyes).
    case excludedRequester = "excluded_requester"
    /// The signer owns the model.
    case excludedModelOwner = "excluded_model_owner"
    /// Given before the version's latest evidence.
    case stale
    /// Older than the rule's `max_age` at the time of the request.
    case expired
    /// The same person already counts (a person counts once whatever roles they hold).
    case duplicatePerson = "duplicate_person"
}
