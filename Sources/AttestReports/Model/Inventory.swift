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
}
