import AttestLedger
import AttestRegistry
import Foundation

/// `attest mlflow audit`: compares the aliases MLflow serves now with the ledger. An alias that
/// the policy set in force would not let `attest alias set` write (a protected alias on a
/// version no allowing decision put in production, or on a version never recorded) is a
/// finding; with `enforce`, the alias is moved back in MLflow (to the version Attest's own alias
/// record names, when that one is allowed, else deleted) and the move recorded in a
/// `mlflow.alias.reverted` entry (docs/mlflow.md).
public struct MLflowAuditor {
    /// The ledger's registry, where aliases are judged (a private copy of the served ledger with
    /// `--server`).
    public let registry: Registry
    /// The server.
    public let client: MLflowClient
    /// Records a move back (`mlflow.alias.reverted`) signed by the enforcing actor, returning
    /// its entry: ``Registry/recordAliasReverted(_:by:)`` locally, the act
    /// `mlflow.alias.revert` through `attest serve`.
    public let recordRevert: (MLflowAliasReverted, Signer) throws -> UInt64

    /// Makes an auditor that records in `registry`.
    public init(registry: Registry, client: MLflowClient) {
        self.init(registry: registry, client: client) { event, signer in try registry.recordAliasReverted(event, by: signer) }
    }

    /// Makes an auditor that judges with `registry` and records with `recordRevert`.
    public init(registry: Registry, client: MLflowClient, recordRevert: @escaping (MLflowAliasReverted, Signer) throws -> UInt64) {
        self.registry = registry
        self.client = client
        self.recordRevert = recordRevert
    }

    /// One alias MLflow serves.
    public struct AliasState: Codable, Sendable, Equatable {
        /// The model.
        public var model: String
        /// The alias.
        public var alias: String
        /// MLflow's version it points at.
        public var mlflowVersion: Int
        /// The Attest version recorded for that MLflow version, if any.
        public var version: Int?
        /// Why it is not allowed; `nil` when it is.
        public var violation: String?
        /// With `--enforce`: the MLflow version the alias was moved back to (`nil`: deleted).
        public var restoredMlflowVersion: Int?
        /// With `--enforce`: the `mlflow.alias.reverted` entry.
        public var entry: UInt64?
    }

    /// Audits the models linked to this server (`models` only, when not empty).
    /// - Parameter enforce: the admin or risk officer who moves violating aliases back; `nil` to report only.
    /// - Returns: every alias of every audited model, in model and alias order.
    /// - Throws: `MLflowError` from the server (naming the model), `RegistryError`/`LedgerError`.
    public func run(models: [String], enforce: Signer?) throws -> [AliasState] {
        let linked = try registry.models().map(\.name).filter { name in
            (try? registry.model(name).model.mlflow?.trackingUri) == client.trackingUri && (models.isEmpty || models.contains(name))
        }
        for name in models where !linked.contains(name) {
            throw MLflowError(.badInput, "model '\(name)' is not an Attest model imported from MLflow at \(client.trackingUri)")
        }
        if let enforce {
            let roles = try registry.actors().first { $0.name == enforce.name }?.roles ?? []
            guard !Set(roles).isDisjoint(with: Registry.aliasKeepers) else {
                throw MLflowError(
                    .refused,
                    "\(enforce.name) may not move aliases in MLflow: --enforce needs the role \(Registry.aliasKeepers.joined(separator: " or ")); nothing was changed"
                )
            }
        }
        var states: [AliasState] = []
        for name in linked.sorted() {
            states += try MLflowError.annotating("MLflow model \(name)") { try audit(name, enforce: enforce) }
        }
        return states
    }

    func audit(_ name: String, enforce: Signer?) throws -> [AliasState] {
        let info = try registry.model(name)
        guard let link = info.model.mlflow else { return [] }
        var attestVersion: [Int: Int] = [:]
        for version in info.versions { if let mlflow = version.registration.mlflow { attestVersion[mlflow.version] = version.version } }
        let served = try client.registeredModel(link.name).aliases ?? []
        var states: [AliasState] = []
        for alias in served.sorted(by: { $0.alias < $1.alias }) {
            guard let number = Int(alias.version) else {
                throw MLflowError(.badInput, "alias '\(alias.alias)' points at version '\(alias.version)', which is not a number")
            }
            let version = attestVersion[number]
            let violation = try registry.aliasViolation(
                alias: alias.alias, model: name, version: version, described: "MLflow version \(number)")
            var state = AliasState(model: name, alias: alias.alias, mlflowVersion: number, version: version, violation: violation?.reason)
            if let violation, violation.policyInForce, let enforce {
                try revert(&state, info: info, link: link, attestVersion: attestVersion, by: enforce)
            }
            states.append(state)
        }
        return states
    }

    /// Moves the alias back in MLflow, then records that it did.
    func revert(_ state: inout AliasState, info: ModelInfo, link: MLflowModelLink, attestVersion: [Int: Int], by signer: Signer) throws {
        // Where Attest's own record puts the alias, if that version is allowed to hold it.
        var target: Int?
        if let recorded = info.versions.first(where: { $0.aliases.contains(state.alias) }), let mlflow = recorded.registration.mlflow,
            try registry.aliasViolation(
                alias: state.alias, model: state.model, version: recorded.version, described: "MLflow version \(mlflow.version)") == nil
        {
            target = mlflow.version
        }
        if let target {
            try client.setAlias(link.name, alias: state.alias, version: target)
        } else {
            try client.deleteAlias(link.name, alias: state.alias)
        }
        let event = MLflowAliasReverted(
            model: state.model, version: state.version, alias: state.alias, trackingUri: link.trackingUri, mlflowName: link.name,
            mlflowVersion: state.mlflowVersion, restoredMlflowVersion: target, reason: state.violation ?? "")
        do {
            state.entry = try recordRevert(event, signer)
        } catch {
            throw MLflowError(
                .unavailable,
                "alias '\(state.alias)' was moved \(target.map { "back to MLflow version \($0)" } ?? "away (deleted)") in MLflow, but recording that failed: \(error); rerun the audit to see the alias now"
            )
        }
        state.restoredMlflowVersion = target
    }
}
