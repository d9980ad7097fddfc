import AttestPolicy

extension EventType {
    /// A policy set published: every file's bytes and digest, and the set's hash. It governs
    /// once its publication quorum approved it (`policy.approved`).
    public static let policyPublished = "policy.published"
    /// A second policy-admin or risk-officer approved a pending publication.
    public static let policyApproved = "policy.approved"
    /// A reviewer approved a version for a target stage.
    public static let approvalGranted = "approval.granted"
    /// A reviewer rejected a version for a target stage; blocks until withdrawn.
    public static let approvalRejected = "approval.rejected"
    /// A reviewer withdrew their own approvals or rejections.
    public static let approvalWithdrawn = "approval.withdrawn"
    /// The decision on a promotion request (allowed, denied or allowed with override).
    public static let promotionDecided = "promotion.decided"
}

/// One file of a published policy set.
public struct PublishedPolicyFile: Codable, Sendable, Equatable {
    /// The path relative to the policy directory, `/`-separated.
    public var path: String
    /// `sha256:<hex>` of the exact bytes.
    public var digest: String
    /// Size in bytes.
    public var size: Int
    /// The exact bytes, base64 (RFC 4648, with padding).
    public var content: String

    /// Makes a record.
    public init(path: String, digest: String, size: Int, content: String) {
        self.path = path
        self.digest = digest
        self.size = size
        self.content = content
    }
}

/// `policy.published`: the policy set that governs every promotion from the next entry on.
public struct PolicyPublished: Codable, Sendable, Equatable {
    /// The set's hash (see ``PolicySetHash``).
    public var setHash: String
    /// Every file, sorted by path.
    public var files: [PublishedPolicyFile]
    /// The policies' names, in set order (for readers; the files are authoritative).
    public var policies: [String]

    /// Makes the event.
    public init(setHash: String, files: [PublishedPolicyFile], policies: [String]) {
        self.setHash = setHash
        self.files = files
        self.policies = policies
    }
}

/// `policy.approved`: a policy-admin or risk-officer other than the publisher approves a pending
/// publication; it takes effect when its quorum is met (docs/governance.md, "Publication quorum").
public struct PolicyApproved: Codable, Sendable, Equatable {
    /// The `policy.published` entry approved.
    public var publication: UInt64
    /// Its set hash, which must match the publication's.
    public var setHash: String
    /// Why, in the approver's words (optional).
    public var comment: String?

    /// Makes the event.
    public init(publication: UInt64, setHash: String, comment: String? = nil) {
        self.publication = publication
        self.setHash = setHash
        self.comment = comment
    }
}

/// A piece of evidence an approval was given on: a document, an evaluation or a monitoring result.
public struct EvidenceBinding: Codable, Sendable, Equatable {
    /// `document:<kind>`, `evaluation:<dataset role>` or `monitoring`.
    public var kind: String
    /// The digest of the document or of the data evaluated.
    public var digest: String
    /// The entry that recorded it.
    public var entry: UInt64

    /// Makes a binding.
    public init(kind: String, digest: String, entry: UInt64) {
        self.kind = kind
        self.digest = digest
        self.entry = entry
    }
}

/// `approval.granted` and `approval.rejected`: a signed review of one version for one target
/// stage, bound to the version's artifact digests and the evidence present when it was signed.
public struct ReviewRecorded: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The target stage reviewed for.
    public var stage: String
    /// Free text from the reviewer.
    public var comment: String?
    /// The version's artifact digests, sorted.
    public var artifacts: [String]
    /// The evidence present when signing, by entry.
    public var evidence: [EvidenceBinding]
    /// The latest evidence entry when signing; newer evidence makes the review stale.
    public var latestEvidenceEntry: UInt64?
    /// The roles the reviewer held when signing (for readers; decisions recompute them from the log).
    public var roles: [String]

    /// Makes the event.
    public init(
        model: String, version: Int, stage: String, comment: String?, artifacts: [String], evidence: [EvidenceBinding],
        latestEvidenceEntry: UInt64?, roles: [String]
    ) {
        self.model = model
        self.version = version
        self.stage = stage
        self.comment = comment
        self.artifacts = artifacts
        self.evidence = evidence
        self.latestEvidenceEntry = latestEvidenceEntry
        self.roles = roles
    }
}

/// `approval.withdrawn`: the signer withdraws their own reviews (approvals or rejections).
public struct ReviewWithdrawn: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The target stage.
    public var stage: String
    /// The review entries withdrawn.
    public var withdraws: [UInt64]

    /// Makes the event.
    public init(model: String, version: Int, stage: String, withdraws: [UInt64]) {
        self.model = model
        self.version = version
        self.stage = stage
        self.withdraws = withdraws
    }
}

/// The policy set a decision used.
public struct PolicySetReference: Codable, Sendable, Equatable {
    /// The set's hash.
    public var hash: String
    /// The `policy.published` entry.
    public var entry: UInt64

    /// Makes a reference.
    public init(hash: String, entry: UInt64) {
        self.hash = hash
        self.entry = entry
    }
}

/// What was asked: by whom, to which stage, with which override.
public struct PromotionRequestRecord: Codable, Sendable, Equatable {
    /// The requester.
    public var requester: String
    /// The requester's roles when the decision was made.
    public var requesterRoles: [String]
    /// The stage the version was in.
    public var fromStage: String
    /// The stage requested.
    public var toStage: String
    /// The rules to override, if any.
    public var overrideRules: [String]?
    /// The justification of the override.
    public var justification: String?

    /// Makes a request record.
    public init(
        requester: String, requesterRoles: [String], fromStage: String, toStage: String, overrideRules: [String]?,
        justification: String?
    ) {
        self.requester = requester
        self.requesterRoles = requesterRoles
        self.fromStage = fromStage
        self.toStage = toStage
        self.overrideRules = overrideRules
        self.justification = justification
    }
}

/// `promotion.decided`: the recorded decision on a promotion request.
///
/// `decision` is the engine's ``Decision`` verbatim; replay rebuilds the facts from the entries
/// before this one, evaluates the set in force, and must obtain the same canonical JSON.
public struct PromotionDecided: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The stage requested (also in `request`; top level for summaries).
    public var to: String
    /// `allow`, `deny` or `allow_with_override` (top level for summaries and reports).
    public var result: String
    /// The request.
    public var request: PromotionRequestRecord
    /// The policy set in force and its publication entry.
    public var policySet: PolicySetReference
    /// The decision entry's time, ISO 8601 UTC, whole seconds: the engine's "now" unless
    /// `timeBasis` is witnessed (then its `now` is).
    public var time: String
    /// The engine that decided (``PromotionEngine/version``).
    public var engine: String
    /// `sha256:<hex>` of the canonical JSON of the facts the engine read.
    public var factsDigest: String
    /// Every entry the facts were built from, ascending.
    public var inputs: [UInt64]
    /// Rule ids that were overridden (highlighted by reports); empty when none.
    public var overridden: [String]
    /// The engine's decision: every rule with status, observed value, bound and cited entries.
    public var decision: Decision
    /// Where the decision's times came from (engine 3 on; absent before): the writer's clock,
    /// or witnessed time with the checkpoints it was read from.
    public var timeBasis: TimeBasis?

    /// Makes the event.
    public init(
        model: String, version: Int, to: String, result: String, request: PromotionRequestRecord, policySet: PolicySetReference,
        time: String, engine: String, factsDigest: String, inputs: [UInt64], overridden: [String], decision: Decision,
        timeBasis: TimeBasis? = nil
    ) {
        self.timeBasis = timeBasis
        self.model = model
        self.version = version
        self.to = to
        self.result = result
        self.request = request
        self.policySet = policySet
        self.time = time
        self.engine = engine
        self.factsDigest = factsDigest
        self.inputs = inputs
        self.overridden = overridden
        self.decision = decision
    }
}
