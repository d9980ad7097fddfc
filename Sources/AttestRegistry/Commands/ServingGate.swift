import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// The gates on what serves: a deployment must go to an environment the policy set in force
/// declares, of a version in the stage that environment requires; a protected alias may point
/// only at a version in production. `deploy` and `alias set` apply them before appending, and
/// `AuthorityCheck` applies them again to every entry in the file (docs/policy.md,
/// "Deployments and aliases").
///
/// Without a published policy set nothing is declared, so the gates fail closed: no deployment
/// with traffic and no alias is allowed until a policy-admin publishes a set. Withdrawing a
/// version (a traffic share of 0) and removing an alias are never gated.
enum ServingGate {
    /// The settings of the policy set in force before entry `seq`, with its publication entry;
    /// `nil` when none governs (the gates then fail closed).
    ///
    /// The set in force is the one whose publication quorum stood behind it (docs/governance.md,
    /// "Publication quorum"). A ledger written before the quorum and the gates stays ungated, as
    /// it was when its deployments were written, until a set is put in force: no publication has
    /// its quorum, the latest declares neither `environments` nor `protected_aliases`, and the
    /// latest promotion decision before the entry was made by engine 1 (`attest-policy/1`), which
    /// had no gates. The decision is what dates the ledger, not the set's content: on a ledger of
    /// today's engine, a lone policy-admin's unapproved set that declares nothing ungates nothing.
    final class Settings {
        private let cache = FactsBuilder.Cache()

        /// The publication entry and settings in force before `seq`.
        /// - Throws: `RegistryError` when the published set no longer loads.
        func inForce(before seq: Int64, _ db: Database) throws -> Policy? {
            // Quorum states change as approvals are appended (the authority check replays the
            // log): only the parsed sets are kept between calls.
            cache.publications.removeAll()
            if let row = try PolicyInForce(db: db, cache: cache).publication(before: seq, semantics: .current) {
                return Policy(entry: row.seq, settings: try cache.policySet(seq: row.seq, db).settings)
            }
            guard let latest = try Registry.policySetRow(before: seq, db) else { return nil }
            let settings = try cache.policySet(seq: latest.seq, db).settings
            guard settings.environments.isEmpty, settings.protectedAliases.isEmpty, try decidedByEngine1(before: seq, db) else {
                return nil
            }
            return Policy(entry: latest.seq, settings: nil)
        }

        /// Whether the latest promotion decision before `seq` names engine 1, the engine that
        /// predates the gates; `false` without any decision.
        private func decidedByEngine1(before seq: Int64, _ db: Database) throws -> Bool {
            guard
                let payload = try Data.fetchOne(
                    db, sql: "SELECT payload FROM entries WHERE type = ? AND seq < ? ORDER BY seq DESC LIMIT 1",
                    arguments: [EventType.promotionDecided, seq])
            else { return false }
            struct Engine: Decodable { let engine: String? }
            let engine = (try? JSONDecoder().decode(Engine.self, from: payload))?.engine
            return engine.flatMap(EngineSemantics.init(name:)) == .v1
        }
    }

    /// The policy set the gates read: its publication and settings, or `nil` settings for a
    /// ledger whose sets predate the gates (nothing gated).
    struct Policy {
        /// The `policy.published` entry.
        let entry: Int64
        /// The set's settings; `nil` when the set predates the gates.
        let settings: PolicySettings?
    }

    /// Why deploying `model` v`version` (now in `stage`) to `environment` with `traffic` percent
    /// is not allowed under `policy`; `nil` when it is.
    static func deploymentViolation(
        model: String, version: Int, stage: Stage, environment: String, traffic: Double, policy: Policy?
    ) -> String? {
        guard traffic != 0 else { return nil }  // a withdrawal is never gated
        guard let policy else {
            return
                "no policy set is in force (none published, or the latest awaits its publication quorum), so no environment is declared and nothing may be deployed (fail closed)"
        }
        guard let settings = policy.settings else { return nil }  // written before the gates
        guard let rule = settings.environmentRule(for: environment) else {
            let declared = settings.environments.map { "\($0.pattern) (\($0.stage.rawValue))" }
            return
                "environment '\(environment)' matches no environment declared by the policy set in force (entry \(policy.entry)); declared: \(declared.isEmpty ? "none" : declared.joined(separator: ", "))"
        }
        guard rule.stage.rawValue == stage.rawValue else {
            return
                "\(model) v\(version) is in \(stage.rawValue), but environment '\(environment)' (declared as '\(rule.pattern)' by the policy set in force, entry \(policy.entry)) requires \(rule.stage.rawValue)"
        }
        return nil
    }

    /// Why pointing `alias` at `model` v`version` (now in `stage`) is not allowed under `policy`;
    /// `nil` when it is.
    static func aliasViolation(
        alias: String, model: String, version: Int, stage: Stage, policy: Policy?
    ) -> String? {
        guard let policy else {
            return
                "no policy set is in force (none published, or the latest awaits its publication quorum), so no alias can be checked against the protected aliases (fail closed)"
        }
        guard let settings = policy.settings else { return nil }  // written before the gates
        guard settings.isProtected(alias: alias), stage.rawValue != PolicySettings.protectedAliasStage.rawValue else { return nil }
        return
            "alias '\(alias)' is protected by the policy set in force (entry \(policy.entry)) and may point only at a version in \(PolicySettings.protectedAliasStage.rawValue); \(model) v\(version) is in \(stage.rawValue)"
    }
}
