public import AttestLedger
import AttestMetrics
import Foundation

/// The audit report of one model: the complete data model behind the HTML and Markdown forms,
/// and itself the JSON form (`attest report NAME --format json`). Documented field by field in
/// docs/report-schema.md; `schema` names the version of that document.
public struct AuditReport: Codable, Sendable, Equatable {
    /// The schema identifier, `attest.dev/report@v1`.
    public var schema: String = AuditReport.schemaID
    /// When the report was generated (ISO 8601, UTC), from the injected clock.
    public var generatedAt: String
    /// The Attest version that generated it.
    public var generator: String
    /// The ledger the report was read from.
    public var ledger: LedgerFacts
    /// What the report covers.
    public var scope: ReportScope
    /// Section 1.
    public var summary: ModelSummarySection
    /// Section 2.
    public var lineage: [LineageVersion]
    /// Section 3: every entry about the model in scope, in log order.
    public var timeline: [TimelineItem]
    /// Section 4: evaluations.
    public var evaluations: [EvaluationItem]
    /// Section 4: drift monitoring.
    public var monitoring: [MonitoringItem]
    /// Section 5: reviews (approvals, rejections, withdrawals).
    public var reviews: [ReviewItem]
    /// Section 5: promotion decisions.
    public var decisions: [DecisionItem]
    /// Section 5: the published policy sets that the decisions used.
    public var policies: [PolicyItem]
    /// Every policy publication between the first registration in scope and the last decision:
    /// who stood behind it, when it took effect, what it changed.
    public var policyChanges: [PolicyChangeItem] = []
    /// Evidence documents attached to versions.
    public var evidence: [EvidenceItem]
    /// Section 6.
    public var integrity: IntegritySection
    /// Section 7.
    public var regulatory: [RegulatoryFramework]
    /// The numbers behind the charts that the evaluation and decision tables do not already hold.
    public var charts: ReportCharts = ReportCharts()
    /// The two latest versions in scope compared (`attest diff`), when there are two.
    public var comparison: VersionComparison?
    /// The templates and regulatory mapping used (set by `ReportRenderer`; built-in until rendered).
    public var templates: TemplateInfo = ReportTemplates.builtIn.info

    /// The current schema identifier.
    public static let schemaID = "attest.dev/report@v1"
}

/// The ledger's identity and size when the report was made.
public struct LedgerFacts: Codable, Sendable, Equatable {
    /// The log's origin.
    public var origin: String
    /// The log's verifier key (C2SP form).
    public var logKey: String
    /// The number of entries in the log when read.
    public var size: UInt64
}

/// What the report covers.
public struct ReportScope: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// One version, or all when absent.
    public var version: Int?
    /// Only entries at or after this time (ISO 8601), when given.
    public var since: String?
    /// Only entries at or before this time (ISO 8601), when given.
    public var until: String?
    /// The ledger's last entry when the report shows the ledger as it stood then (`--at`, `--as-of`).
    public var asOfEntry: UInt64? = nil
    /// The report's time in that case: the `--as-of` time, or the entry's time for `--at`.
    public var asOf: String? = nil
}

/// Section 1: who owns the model, what it is for, and where each version stands.
public struct ModelSummarySection: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// What it is for.
    public var purpose: String
    /// The owning actor.
    public var owner: String
    /// `low`, `medium` or `high`.
    public var riskTier: String
    /// When it was created (ISO 8601).
    public var created: String
    /// The `model.created` entry.
    public var createdEntry: UInt64
    /// Tags.
    public var tags: [String: String]
    /// Every version in scope.
    public var versions: [VersionStatus]
    /// Every deployment and alias of the versions in scope now, each checked against the policy
    /// set in force; one not backed is also an open issue (`unbacked_serving`).
    public var serving: [ServingItem]
    /// The policy set whose environments and protected aliases `serving` was checked against.
    public var servingPolicy: ServingPolicy
    /// Things a reviewer should look at: pending or stale approvals, failed gates, overrides,
    /// refusals, drift above the bound, deployments and aliases no allowing decision backs.
    public var openIssues: [OpenIssue]
    /// Counts by kind, for the summary line.
    public var counts: SummaryCounts
    /// The latest SR 26-2 / EU AI Act scoping of the model, when one is recorded.
    public var scoping: ScopingItem? = nil
}

/// Entry counts shown in the summary.
public struct SummaryCounts: Codable, Sendable, Equatable {
    /// Entries in the timeline.
    public var entries: Int
    /// Evaluations.
    public var evaluations: Int
    /// Monitoring results.
    public var monitoring: Int
    /// Reviews.
    public var reviews: Int
    /// Decisions.
    public var decisions: Int
    /// Decisions allowed by override.
    public var overrides: Int
    /// Refused actions.
    public var refusals: Int
}

/// One version's current state.
public struct VersionStatus: Codable, Sendable, Equatable {
    /// The version number.
    public var version: Int
    /// The stage now.
    public var stage: String
    /// Since when (ISO 8601).
    public var stageSince: String
    /// `active`, `deprecated` or `retired`.
    public var status: String
    /// Who registered it.
    public var registrant: String
    /// When (ISO 8601).
    public var registered: String
    /// The registration entry.
    public var registeredEntry: UInt64
    /// Aliases pointing at it.
    public var aliases: [String]
    /// Deployments: environment and traffic share in percent.
    public var deployments: [Deployment]
    /// Every stage the version entered, in order.
    public var stages: [StageSpan]
}

/// A deployment of a version.
public struct Deployment: Codable, Sendable, Equatable {
    /// The environment.
    public var environment: String
    /// The traffic share in percent.
    public var traffic: Double
}

/// A stage a version entered, and when.
public struct StageSpan: Codable, Sendable, Equatable {
    /// The stage.
    public var stage: String
    /// When it was entered (ISO 8601).
    public var from: String
    /// When it was left (ISO 8601), or absent while current.
    public var until: String?
    /// The entry that moved the version into the stage (registration for `development`).
    public var entry: UInt64
}

/// Something a reviewer should look at.
public struct OpenIssue: Codable, Sendable, Equatable {
    /// `pending_approval`, `stale_approval`, `failed_gate`, `override`, `refusal`, `drift` or
    /// `unbacked_serving`.
    public var kind: String
    /// The version concerned, when there is one.
    public var version: Int?
    /// A sentence.
    public var detail: String
    /// The entries it rests on.
    public var entries: [UInt64]
}

/// Section 2: one version in the lineage graph.
public struct LineageVersion: Codable, Sendable, Equatable {
    /// The version number.
    public var version: Int
    /// The parent version.
    public var parent: Int?
    /// The stage now.
    public var stage: String
    /// The registration entry.
    public var entry: UInt64
    /// Who registered it.
    public var registrant: String
    /// Artifacts.
    public var artifacts: [FileRef]
    /// Datasets, each with its role.
    public var datasets: [FileRef]
    /// The code reference, when recorded.
    public var code: CodeRef?
    /// Framework, when recorded.
    public var framework: String?
    /// Parameters, as text, sorted by name.
    public var params: [NameValue]
    /// Metrics claimed at registration, as text, sorted by name.
    public var claimedMetrics: [NameValue]
    /// Evaluation entries about the version.
    public var evaluations: [UInt64]
    /// Decision entries about the version.
    public var decisions: [UInt64]
    /// The software environment recorded with it, when there is one.
    public var environment: EnvironmentRef? = nil
}

/// A version's recorded software environment (docs/registry.md, "Environments").
public struct EnvironmentRef: Codable, Sendable, Equatable {
    /// `requirements`, `conda`, `uv.lock`, `captured` or `mlflow`.
    public var source: String
    /// The Python version, when known.
    public var python: String?
    /// The platform, for a captured environment.
    public var platform: String?
    /// The GPUs, for a captured environment on a machine with `nvidia-smi`.
    public var gpus: [String]?
    /// The requirement lines, sorted.
    public var packages: [String]
    /// How many.
    public var packageCount: Int
    /// The environment files with their digests.
    public var files: [NameValue]
}

/// A file recorded by digest.
public struct FileRef: Codable, Sendable, Equatable {
    /// The file name.
    public var name: String
    /// `sha256:<hex>`.
    public var digest: String
    /// Size in bytes.
    public var size: Int64
    /// The dataset role, for datasets.
    public var role: String?
}

/// The code a version was built from.
public struct CodeRef: Codable, Sendable, Equatable {
    /// Repository.
    public var repository: String
    /// Commit.
    public var commit: String
    /// Whether the working tree was dirty.
    public var dirty: Bool
}

/// A name and a value as text.
public struct NameValue: Codable, Sendable, Equatable {
    /// The name.
    public var name: String
    /// The value.
    public var value: String
}

/// Section 3: one entry about the model.
public struct TimelineItem: Codable, Sendable, Equatable {
    /// The entry number.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who signed it.
    public var actor: String
    /// The roles the signer held when the entry was written.
    public var roles: [String]
    /// The entry type.
    public var type: String
    /// The version concerned, when the payload names one.
    public var version: Int?
    /// A one-line summary.
    public var summary: String
    /// `override`, `refusal`, `denied` or absent: entries that must stand out.
    public var highlight: String?
}

/// Section 4: an evaluation recorded by `attest evaluate`.
public struct EvaluationItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who recorded it.
    public var actor: String
    /// The version.
    public var version: Int?
    /// The dataset role evaluated (`test`, ...).
    public var datasetRole: String?
    /// The evaluation file: name, digest, size.
    public var data: FileRef?
    /// Whether the file is a dataset of the version's lineage, and under which role.
    public var lineageRole: String?
    /// `binary_classification` or `regression`.
    public var task: String?
    /// Rows evaluated.
    public var evaluatedRows: Int?
    /// Rows dropped.
    public var droppedRows: Int?
    /// Overall metrics.
    public var overall: [MetricRow]
    /// One table per sensitive column (and the intersection).
    public var groupings: [GroupingTable]
    /// The bootstrap, when one ran: replicates, seed, level.
    public var bootstrap: String?
    /// The payload as written, when it does not decode as a known evaluation.
    public var payload: JSONValue?
    /// The curves the entry records (ROC, precision-recall, calibration, confusion matrices),
    /// exactly as recorded (docs/evaluation.md, "Curves").
    public var curves: EvaluationCurves? = nil
    /// Why a classification evaluation has no curves: `not recorded` for an entry written
    /// before Attest stored them.
    public var curvesMissing: String? = nil
}

/// One metric with its interval.
public struct MetricRow: Codable, Sendable, Equatable {
    /// The metric's name.
    public var name: String
    /// The value, when defined.
    public var value: Double?
    /// Why it is undefined, when it is.
    public var undefined: String?
    /// The bootstrap interval's lower bound.
    public var lower: Double?
    /// The bootstrap interval's upper bound.
    public var upper: Double?
}

/// The groups of one sensitive column (or the intersection).
public struct GroupingTable: Codable, Sendable, Equatable {
    /// The columns.
    public var columns: [String]
    /// Whether this is an intersection.
    public var isIntersection: Bool
    /// The metric names shown per group, in order.
    public var metricNames: [String]
    /// The groups.
    public var groups: [GroupRow]
    /// Disparities with intervals.
    public var disparities: [DisparityRow]
    /// The four-fifths check.
    public var fourFifths: FourFifthsRow?
}

/// One group.
public struct GroupRow: Codable, Sendable, Equatable {
    /// The group's label.
    public var label: String
    /// Rows in the group.
    public var count: Int
    /// Whether it is below the minimum group size.
    public var insufficient: Bool
    /// Metrics in `metricNames` order.
    public var metrics: [MetricRow]
}

/// One disparity.
public struct DisparityRow: Codable, Sendable, Equatable {
    /// The disparity's name.
    public var name: String
    /// `between_groups` or `to_overall`.
    public var method: String
    /// `worst_case` or `mean` for equalized odds.
    public var aggregation: String?
    /// The value and interval.
    public var value: MetricRow
}

/// The four-fifths rule.
public struct FourFifthsRow: Codable, Sendable, Equatable {
    /// The lowest-selection group.
    public var lowestGroup: String?
    /// The highest-selection group.
    public var highestGroup: String?
    /// The ratio.
    public var ratio: Double?
    /// Whether it passes; absent when undefined.
    public var passes: Bool?
    /// The threshold, 0.8.
    public var threshold: Double
}

/// Section 4: drift between a reference and a current file.
public struct MonitoringItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who recorded it.
    public var actor: String
    /// The version.
    public var version: Int?
    /// The reference file.
    public var reference: FileRef?
    /// The current file.
    public var current: FileRef?
    /// One row per column.
    public var columns: [DriftRow]
    /// The payload as written, when it does not decode as a known monitoring result.
    public var payload: JSONValue?
}

/// Drift of one column.
public struct DriftRow: Codable, Sendable, Equatable {
    /// The column.
    public var name: String
    /// `numeric` or `categorical`.
    public var kind: String
    /// Population stability index.
    public var psi: Double?
    /// `stable`, `moderate` or `significant`.
    public var band: String?
    /// The test's p-value (KS or chi-squared).
    public var pValue: Double?
    /// Jensen-Shannon distance.
    public var jsDistance: Double?
    /// The histogram compared: reference and current rows per bin (numeric) or category.
    public var bins: [DriftBinRow] = []
}

/// One bin of a drift histogram.
public struct DriftBinRow: Codable, Sendable, Equatable {
    /// `(-inf, e1]`, …, or the category.
    public var label: String
    /// Reference rows in the bin.
    public var reference: Int
    /// Current rows in the bin.
    public var current: Int
}

/// Section 5: an approval, rejection or withdrawal.
public struct ReviewItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// The reviewer.
    public var actor: String
    /// The reviewer's roles at the time.
    public var roles: [String]
    /// The entry type.
    public var type: String
    /// The version.
    public var version: Int?
    /// The target stage, when given.
    public var stage: String?
    /// The reviewer's comment, when given.
    public var comment: String?
    /// When the approval expires, when it does.
    public var expires: String?
    /// The payload as written.
    public var payload: JSONValue?
}

/// Section 5: a promotion decision.
public struct DecisionItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who requested the promotion (the signer).
    public var actor: String
    /// The signer's roles at the time.
    public var roles: [String]
    /// The version.
    public var version: Int?
    /// The stage before.
    public var fromStage: String?
    /// The stage requested.
    public var toStage: String?
    /// `allow`, `deny` or `allow_with_override`.
    public var result: String
    /// The published policy set's hash, when recorded.
    public var policySetHash: String?
    /// The `policy.published` entry of that set, when found.
    public var policyEntry: UInt64?
    /// The applicable policies.
    public var policies: [String]
    /// Every rule's outcome.
    public var rules: [RuleRow]
    /// Why the verdict is what it is.
    public var reasons: [String]
    /// The override justification, when one was given.
    public var justification: String?
    /// Every entry the decision cites.
    public var citedEntries: [UInt64]
    /// The payload as written, when it does not decode as a known decision.
    public var payload: JSONValue?
    /// The requirements of the regulatory mapping in force on the decision's day (UTC), by
    /// framework (`reports/regulatory-mapping.json`, `from`/`until`).
    public var regulation: [RegulationCitation] = []
}

/// One rule of a decision.
public struct RuleRow: Codable, Sendable, Equatable {
    /// The rule id.
    public var ruleID: String
    /// Its policy.
    public var policy: String
    /// Its kind.
    public var kind: String
    /// Its enforcement.
    public var enforcement: String
    /// `pass`, `fail`, `error`, `overridden`, `advisory_fail`.
    public var status: String
    /// The value observed.
    public var observed: String?
    /// The bound.
    public var bound: String?
    /// The engine's sentence.
    public var message: String
    /// Cited entries.
    public var citedEntries: [UInt64]
    /// For approval rules: approvals required.
    public var approvalsRequired: Int?
    /// For approval rules: approvals that counted.
    public var approvalsCounted: [ApprovalRef]
    /// For approval rules: approvals set aside and why.
    public var approvalsSetAside: [SetAsideRef]
    /// For an overridden rule: who overrode and why.
    public var override: String?
}

/// An approval that counted.
public struct ApprovalRef: Codable, Sendable, Equatable {
    /// The approver.
    public var actor: String
    /// Roles held when signing.
    public var roles: [String]
    /// The entry.
    public var entry: UInt64
}

/// An approval set aside.
public struct SetAsideRef: Codable, Sendable, Equatable {
    /// The approver.
    public var actor: String
    /// The entry.
    public var entry: UInt64
    /// The reason code.
    public var reason: String
    /// Particulars.
    public var detail: String
}

/// A published policy set.
public struct PolicyItem: Codable, Sendable, Equatable {
    /// The `policy.published` entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who published it.
    public var actor: String
    /// The set's hash, when recorded.
    public var hash: String?
    /// The files: path and digest.
    public var files: [NameValue]
}

/// A policy publication in the window of a report, and what it changed.
public struct PolicyChangeItem: Codable, Sendable, Equatable {
    /// The `policy.published` entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who published it.
    public var publisher: String
    /// The set's hash.
    public var hash: String
    /// The publisher and the approvers, in log order.
    public var approvers: [String]
    /// People its quorum needs.
    public var quorum: Int
    /// The entry at which it took effect; `nil` if it never governed.
    public var effective: UInt64?
    /// What changed from the publication before it (rules, settings, files), in words.
    public var changes: [String]
}

/// An evidence document.
public struct EvidenceItem: Codable, Sendable, Equatable {
    /// The entry.
    public var entry: UInt64
    /// When (ISO 8601).
    public var time: String
    /// Who attached it.
    public var actor: String
    /// The version.
    public var version: Int?
    /// The kind (`model_card`, ...).
    public var kind: String
    /// The document.
    public var file: FileRef?
    /// Whether its bytes are stored in the ledger.
    public var stored: Bool
    /// The stored document's text, when it is Markdown or plain text in UTF-8.
    public var text: String?
    /// `markdown` or `text`, when `text` is present.
    public var format: String?
}
