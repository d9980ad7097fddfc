import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// `attest mlflow promote`: the promotion gate for a version imported from MLflow. The decision
/// is Attest's (``Registry/promote(_:version:to:override:at:by:)``, recorded allowed or denied);
/// only after an allowing decision is the alias set in MLflow and the version tagged
/// `attest.decision` with the decision's entry number. On deny nothing in MLflow changes. When
/// MLflow cannot be reached after the decision, the error says so and running the command again
/// sets the alias without deciding again (the version is already in the stage).
public struct MLflowPromoter {
    /// The ledger's registry: where the decision is made locally, and where the version and
    /// earlier decisions are read (a private copy of the served ledger with `--server`).
    public let registry: Registry
    /// The server.
    public let client: MLflowClient

    /// Makes a promoter.
    public init(registry: Registry, client: MLflowClient) {
        self.registry = registry
        self.client = client
    }

    /// The version tag that names the allowing decision.
    public static let decisionTag = "attest.decision"

    /// What happened.
    public struct Outcome: Sendable {
        /// The decision recorded now; `nil` when the version was already in the stage (a retry).
        public var decided: PromotionOutcome?
        /// The allowing decision's entry the alias rests on; `nil` on deny.
        public var decisionEntry: UInt64?
        /// The MLflow version whose alias was set.
        public var mlflowVersion: Int
    }

    /// Decides the promotion with the registry, signed by `signer`, then on allow sets `alias`
    /// in MLflow.
    /// - Throws: `MLflowError` (`.badInput` for a version not imported from this server;
    ///   `.unavailable` when MLflow fails after an allowing decision, saying the decision stands);
    ///   `RegistryError`/`LedgerError` from the decision.
    public func promote(
        _ model: String, version: Int, to stage: Stage, alias: String?, override: OverrideRequest?, by signer: Signer
    ) throws -> Outcome {
        try promote(model, version: version, to: stage, alias: alias) {
            try registry.promote(model, version: version, to: stage, override: override, by: signer)
        }
    }

    /// Decides the promotion with `decide`, then on allow sets `alias` in MLflow. The version and
    /// an earlier decision are read from ``registry``: with `attest serve` deciding
    /// (`attest mlflow promote --server`), a registry on a private copy of the served ledger, and
    /// `decide` the server's act `promote`.
    /// - Parameters:
    ///   - model: the Attest model.
    ///   - version: the Attest version, imported from ``client``'s server.
    ///   - stage: the target stage.
    ///   - alias: the MLflow alias to point at the version after an allowing decision.
    ///   - decide: records the decision (allowed or denied); called only when the version is
    ///     not in `stage` already.
    /// - Returns: what happened.
    /// - Throws: `MLflowError` as ``promote(_:version:to:alias:override:by:)``; what `decide` throws.
    public func promote(
        _ model: String, version: Int, to stage: Stage, alias: String?, decide: () throws -> PromotionOutcome
    ) throws -> Outcome {
        let info = try registry.version(model, version)
        guard let link = info.registration.mlflow, link.trackingUri == client.trackingUri else {
            throw MLflowError(.badInput, "\(model) v\(version) was not imported from MLflow at \(client.trackingUri); use 'attest promote'")
        }
        var outcome = Outcome(decided: nil, decisionEntry: nil, mlflowVersion: link.version)
        if info.stage == stage.rawValue {
            outcome.decisionEntry = try lastAllowingDecision(model, version, stage)
        } else {
            let decided = try decide()
            outcome.decided = decided
            guard decided.allowed else { return outcome }
            outcome.decisionEntry = decided.entry
        }
        guard let alias, let entry = outcome.decisionEntry else { return outcome }
        let context =
            "decision \(entry) allows \(model) v\(version) in \(stage.rawValue), but the alias '\(alias)' could not be set in MLflow (run the same command again to set it)"
        try MLflowError.annotating(context) {
            try client.setVersionTag(link.name, version: link.version, key: Self.decisionTag, value: String(entry))
            try client.setAlias(link.name, alias: alias, version: link.version)
        }
        return outcome
    }

    /// The latest allowing decision that put `model` `version` in `stage`.
    func lastAllowingDecision(_ model: String, _ version: Int, _ stage: Stage) throws -> UInt64? {
        let decisions = try registry.ledger.entries(types: [EventType.promotionDecided]).reversed()
        for entry in decisions {
            guard let record = try? JSONDecoder().decode(PromotionDecided.self, from: Data(entry.payload)) else { continue }
            if record.model == model, record.version == version, record.to == stage.rawValue, record.result != "deny" {
                return entry.sequence
            }
        }
        return nil
    }
}
