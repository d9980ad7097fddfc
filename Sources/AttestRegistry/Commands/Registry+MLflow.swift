import AttestLedger
import AttestPolicy
import Foundation
import GRDB

extension EventType {
    /// `attest mlflow audit --enforce` moved a protected alias in MLflow back (docs/mlflow.md).
    public static let mlflowAliasReverted = "mlflow.alias.reverted"
}

extension Registry {
    /// Roles that may move aliases in MLflow on Attest's behalf (as `alias set`).
    public static let aliasKeepers = [BuiltInRole.admin, BuiltInRole.riskOfficer]

    /// Why an alias that points at `model` v`version` elsewhere (in MLflow) is not allowed by the
    /// policy set in force now; `nil` when it is. The rule is `alias set`'s: a protected alias
    /// (`protected_aliases`) may point only at a version in production, which only an allowing
    /// promotion decision puts a version in; without a policy set in force no alias is allowed
    /// (fail closed).
    /// - Parameters:
    ///   - alias: the alias.
    ///   - model: the Attest model.
    ///   - version: the Attest version; `nil` when the version pointed at was never recorded in Attest.
    ///   - described: how to name the version pointed at in the message (e.g. `MLflow version 4`).
    /// - Returns: the reason, or `nil`.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model), `LedgerError` for storage.
    public func aliasViolation(alias: String, model: String, version: Int?, described: String) throws -> AliasViolation? {
        try aliasReason(alias: alias, model: model, version: version, described: described).map {
            AliasViolation(reason: $0.reason, policyInForce: $0.policyInForce)
        }
    }

    private func aliasReason(
        alias: String, model: String, version: Int?, described: String
    ) throws -> (reason: String, policyInForce: Bool)? {
        try ledger.read { db in
            try Self.requireModel(model, db)
            let size = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0
            let policy = try ServingGate.Settings().inForce(before: size, db)
            guard let version else {
                guard let policy else { return ("no policy set is in force, so no alias is allowed (fail closed) (\(described))", false) }
                guard let settings = policy.settings, settings.isProtected(alias: alias) else { return nil }
                return (
                    "alias '\(alias)' is protected by the policy set in force (entry \(policy.entry)), and \(described) was never recorded in Attest, so no decision allows it",
                    true
                )
            }
            guard let row = try Self.versionRow(model, version, db) else {
                throw RegistryError(.notFound, "\(model) has no version \(version)")
            }
            let stage = try Stage(parsing: row["stage"])
            return ServingGate.aliasViolation(alias: alias, model: model, version: version, stage: stage, policy: policy).map {
                ("\($0) (\(described))", policy != nil)
            }
        }
    }

    /// Records that an alias in MLflow was moved back (`mlflow.alias.reverted`), by an admin or
    /// a risk officer. The model must be linked to that MLflow model, and the Attest version
    /// named must be the one recorded for that MLflow version.
    /// - Returns: the entry's sequence number.
    /// - Throws: `RegistryError` (`.refused`, recorded, for a missing role; `.notFound`;
    ///   `.badInput` for a link or version that does not match the ledger).
    @discardableResult
    public func recordAliasReverted(_ event: MLflowAliasReverted, by signer: Signer) throws -> UInt64 {
        try perform(
            "mlflow.alias.revert", target: Target("\(event.model) alias \(event.alias)", model: event.model, version: event.version),
            by: signer
        ) { writer, acting in
            try acting.require(anyOf: Self.aliasKeepers, to: "move aliases in MLflow")
            try Self.requireModel(event.model, writer.db)
            try requireRevertRecordable(event, writer.db)
            return try writer.append(try EntryDraft(type: EventType.mlflowAliasReverted, encoding: event), signer: signer).sequence
        }
    }
}

/// Why an alias is not allowed (``Registry/aliasViolation(alias:model:version:described:)``).
public struct AliasViolation: Sendable, Equatable {
    /// The reason, naming the policy set's entry and the version.
    public let reason: String
    /// `false` when no policy set is in force, so that no alias at all is allowed (fail closed)
    /// and which aliases are protected is unknown.
    public let policyInForce: Bool
}

extension Registry {
    /// The MLflow registered model `model` was imported from (`model.created`'s `mlflow`), read
    /// inside a transaction; `nil` when the model does not exist or is not linked.
    func mlflowLink(of model: String, _ db: Database) throws -> MLflowModelLink? {
        guard let seq = try Int64.fetchOne(db, sql: "SELECT created_seq FROM reg_models WHERE name = ?", arguments: [model])
        else { return nil }
        return try decodeEntry(ModelCreated.self, at: seq, db).mlflow
    }

    /// A version that records an MLflow version (`mlflow import`, locally or through
    /// `attest serve`) goes into a model linked to that MLflow model, and records each MLflow
    /// version once. Checked inside the write transaction, so two imports running at once cannot
    /// both record the same MLflow version.
    /// - Throws: `RegistryError` (`.badInput` for a model not linked to that MLflow model,
    ///   `.alreadyExists` for an MLflow version recorded already).
    func requireImportable(_ model: String, _ link: MLflowVersionLink, _ db: Database) throws {
        let existing = try mlflowLink(of: model, db)
        guard existing == MLflowModelLink(trackingUri: link.trackingUri, name: link.name) else {
            let described = existing.map { "linked to MLflow model '\($0.name)' at \($0.trackingUri)" } ?? "not linked to MLflow"
            throw RegistryError(
                .badInput, "Attest model '\(model)' exists and is \(described); import it from there, or rename one of them")
        }
        let rows = try Row.fetchAll(
            db, sql: "SELECT version, registered_seq FROM reg_versions WHERE model = ? ORDER BY version", arguments: [model])
        for row in rows where try decodeEntry(VersionRegistered.self, at: row["registered_seq"], db).mlflow?.version == link.version {
            throw RegistryError(
                .alreadyExists, "MLflow \(link.name) version \(link.version) is recorded already as \(model) v\(row["version"] as Int)")
        }
    }

    /// A move back names the MLflow model `event.model` is linked to and, when it names an
    /// Attest version, the one imported from `event.mlflowVersion`.
    /// - Throws: `RegistryError` (`.badInput`; `.notFound` for no such version).
    func requireRevertRecordable(_ event: MLflowAliasReverted, _ db: Database) throws {
        guard try mlflowLink(of: event.model, db) == MLflowModelLink(trackingUri: event.trackingUri, name: event.mlflowName) else {
            throw RegistryError(
                .badInput, "model '\(event.model)' is not linked to MLflow model '\(event.mlflowName)' at \(event.trackingUri)")
        }
        guard let version = event.version else { return }
        guard
            let seq = try Int64.fetchOne(
                db, sql: "SELECT registered_seq FROM reg_versions WHERE model = ? AND version = ?", arguments: [event.model, version])
        else { throw RegistryError(.notFound, "\(event.model) has no version \(version)") }
        guard try decodeEntry(VersionRegistered.self, at: seq, db).mlflow?.version == event.mlflowVersion else {
            throw RegistryError(
                .badInput, "\(event.model) v\(version) is not the version imported from MLflow version \(event.mlflowVersion)")
        }
    }
}
