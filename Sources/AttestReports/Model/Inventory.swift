/// The model inventory (`attest report inventory`): SR 11-7's list of every model.
public struct Inventory: Codable, Sendable, Equatable {
    /// The schema identifier, `attest.dev/inventory@v1`.
    public var schema: String = Inventory.schemaID
    /// When generated (ISO 8601).
    public var generatedAt: String
    /// The Attest version.
    public var generator: String
    /// The ledger.
    public var ledger: LedgerFacts
    /// Days after which a pending review is overdue.
    public var reviewDays: Int
    /// Days after which a production version's last approval calls for a periodic review.
    public var revalidationDays: Int
    /// Whose clock the review dates run on: `witnessed` (a witness list is recorded: "now" and
    /// each entry's time are the witnesses') or `writer` (the appending machines' clocks).
    public var reviewTimes: String = "writer"
    /// The policy set whose environments and protected aliases the serving checks used.
    public var servingPolicy: ServingPolicy
    /// Every model.
    public var models: [InventoryModel]
    /// Totals.
    public var totals: InventoryTotals
    /// The templates used (set by `ReportRenderer`; built-in until rendered).
    public var templates: TemplateInfo = ReportTemplates.builtIn.info

    /// The current schema identifier.
    public static let schemaID = "attest.dev/inventory@v1"
}

/// One model in the inventory.
public struct InventoryModel: Codable, Sendable, Equatable {
    /// The model.
    public var name: String
    /// Owner.
    public var owner: String
    /// Purpose.
    public var purpose: String
    /// Risk tier.
    public var riskTier: String
    /// Versions.
    public var versions: [InventoryVersion]
    /// The latest evaluation of any version (ISO 8601).
    public var lastEvaluation: String?
    /// The latest approval of any version (ISO 8601).
    public var lastApproval: String?
    /// Reviews pending.
    public var pendingReviews: Int
    /// Reviews overdue.
    public var overdueReviews: Int
    /// Every deployment and alias now, each checked against the policy set in force.
    public var serving: [ServingItem]
    /// Deployments and aliases that no allowing decision backs (open issues).
    public var unbackedServing: Int
    /// The latest SR 26-2 / EU AI Act scoping, when one is recorded.
    public var scoping: ScopingItem? = nil
    /// Rejections in force across the model's versions.
    public var openRejections: Int = 0
    /// The earliest next review of any version (ISO 8601).
    public var nextReview: String? = nil
}

/// One version in the inventory.
public struct InventoryVersion: Codable, Sendable, Equatable {
    /// The number.
    public var version: Int
    /// The stage.
    public var stage: String
    /// The status.
    public var status: String
    /// Since when in the stage (ISO 8601).
    public var stageSince: String
    /// The latest evaluation (ISO 8601).
    public var lastEvaluation: String?
    /// The latest approval (ISO 8601).
    public var lastApproval: String?
    /// `none`, `pending` or `overdue`.
    public var review: String
    /// Why, when pending or overdue.
    public var reviewDetail: String?
    /// When the next review is due (ISO 8601): for a version in staging awaiting approval, its
    /// stage entry plus the review limit; for one in production, its last approval plus the
    /// revalidation period (its stage entry when it has none). `nil` otherwise.
    public var nextReview: String? = nil
    /// Rejections in force (not withdrawn), oldest first: each blocks the stage it names.
    public var openRejections: [OpenRejection] = []
    /// Approvals made stale by a later evaluation or evidence document (docs/governance.md, "One
    /// staleness rule"), not withdrawn: they count for nothing until given again.
    public var staleApprovals: [StaleApproval] = []
}

/// An approval that newer evidence made stale.
public struct StaleApproval: Codable, Sendable, Equatable {
    /// The `approval.granted` entry.
    public var entry: UInt64
    /// The reviewer.
    public var actor: String
    /// The stage it was for.
    public var stage: String
    /// The evaluations and documents recorded after it.
    public var newerEvidence: [UInt64]
}

/// A rejection that has not been withdrawn.
public struct OpenRejection: Codable, Sendable, Equatable {
    /// The `approval.rejected` entry.
    public var entry: UInt64
    /// The reviewer.
    public var actor: String
    /// The stage it blocks.
    public var stage: String
    /// When (ISO 8601).
    public var time: String
    /// The reviewer's comment.
    public var comment: String?
}

/// Inventory totals.
public struct InventoryTotals: Codable, Sendable, Equatable {
    /// Models.
    public var models: Int
    /// Versions.
    public var versions: Int
    /// Versions in production.
    public var inProduction: Int
    /// Pending reviews.
    public var pendingReviews: Int
    /// Overdue reviews.
    public var overdueReviews: Int
    /// Deployments and aliases with traffic or a name now.
    public var serving: Int
    /// Of them, those no allowing decision backs (open issues).
    public var unbackedServing: Int
    /// Rejections in force across every version.
    public var openRejections: Int = 0
    /// Stale approvals across every version.
    public var staleApprovals: Int = 0
}
