import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// What plain `attest promote` does in MLflow after an allowing decision: when the version was
/// imported from MLflow and the policy set that decided names an MLflow alias for the target
/// stage (`mlflow_aliases` in `settings.yaml`), it tags the MLflow version
/// `attest.decision=ENTRY` and points the alias at it, as `attest mlflow promote --alias` does
/// (docs/mlflow.md, "Aliases that follow `attest promote`"). A denied promotion never gets here.
public enum MLflowStageAlias {
    /// What was set in MLflow.
    public struct Result: Sendable, Equatable, Codable {
        /// The alias.
        public var alias: String
        /// The MLflow version it points at now.
        public var mlflowVersion: Int
        /// The registered model's name in MLflow.
        public var mlflowName: String
        /// The server, without credentials.
        public var trackingUri: String
        /// The allowing decision's entry (the `attest.decision` tag).
        public var decision: UInt64
    }

    /// The alias the policy set that decided `outcome` names for its target stage, and the
    /// MLflow version of the promoted version; `nil` when the version was not imported from
    /// MLflow, the decision denied, or no alias is named.
    /// - Throws: `RegistryError`/`LedgerError` reading the ledger.
    public static func plan(
        after outcome: PromotionOutcome, model: String, version: Int, registry: Registry
    ) throws -> (alias: String, link: MLflowVersionLink)? {
        guard outcome.allowed, let link = try registry.version(model, version).registration.mlflow else { return nil }
        let settings = try registry.publishedPolicySet(at: outcome.record.policySet.entry).settings
        guard let alias = settings.mlflowAliases[outcome.record.to] else { return nil }
        return (alias, link)
    }

    /// Sets the alias that ``plan(after:model:version:registry:)`` names.
    /// - Parameters:
    ///   - outcome: the allowing decision.
    ///   - model: the Attest model.
    ///   - version: the Attest version.
    ///   - registry: the ledger.
    ///   - credentials: how to authenticate to the version's tracking server.
    ///   - timeout: seconds a request may wait without progress.
    /// - Returns: what was set; `nil` when nothing is to be set.
    /// - Throws: `MLflowError` (`.unavailable` and the others of the client) saying the decision
    ///   stands and how to set the alias again; `RegistryError`/`LedgerError` reading the ledger.
    public static func apply(
        after outcome: PromotionOutcome, model: String, version: Int, registry: Registry,
        credentials: (URL) -> MLflowCredentials, timeout: TimeInterval = 30
    ) throws -> Result? {
        guard let planned = try plan(after: outcome, model: model, version: version, registry: registry) else { return nil }
        let (alias, link) = planned
        let retry =
            "attest mlflow promote \(model) \(version) --to \(outcome.record.to) --alias \(alias) --tracking-uri \(link.trackingUri)"
        let context =
            "decision \(outcome.entry) allows \(model) v\(version) in \(outcome.record.to), but the MLflow alias '\(alias)' could not be set (run '\(retry)' to set it)"
        let url = URL(string: link.trackingUri) ?? URL(fileURLWithPath: "/")
        try MLflowError.annotating(context) {
            let client = try MLflowClient(trackingUri: link.trackingUri, credentials: credentials(url), timeout: timeout)
            try client.setVersionTag(link.name, version: link.version, key: MLflowPromoter.decisionTag, value: String(outcome.entry))
            try client.setAlias(link.name, alias: alias, version: link.version)
        }
        return Result(
            alias: alias, mlflowVersion: link.version, mlflowName: link.name, trackingUri: link.trackingUri, decision: outcome.entry)
    }
}
