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
    /// a risk officer.
    /// - Returns: the entry's sequence number.
    /// - Throws: `RegistryError` (`.refused`, recorded, for a missing role; `.notFound`).
    @discardableResult
    public func recordAliasReverted(_ event: MLflowAliasReverted, by signer: Signer) throws -> UInt64 {
        try perform(
            "mlflow.alias.revert", target: Target("\(event.model) alias \(event.alias)", model: event.model, version: event.version),
            by: signer
        ) { writer, acting in
            try acting.require(anyOf: Self.aliasKeepers, to: "move aliases in MLflow")
            try Self.requireModel(event.model, writer.db)
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
