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
    /// `nil` when none was published.
    final class Settings {
        private var loaded: [Int64: PolicySettings] = [:]

        /// The publication entry and settings in force before `seq`.
        /// - Throws: `RegistryError` when the published set no longer loads.
        func inForce(before seq: Int64, _ db: Database) throws -> (entry: Int64, settings: PolicySettings)? {
            guard let row = try Registry.policySetRow(before: seq, db) else { return nil }
            if let settings = loaded[row.seq] { return (row.seq, settings) }
            let settings = try Registry.loadPublishedSet(seq: row.seq, db).settings
            loaded[row.seq] = settings
            return (row.seq, settings)
        }
    }

    /// Why deploying `model` v`version` (now in `stage`) to `environment` with `traffic` percent
    /// is not allowed under `policy`; `nil` when it is.
    static func deploymentViolation(
        model: String, version: Int, stage: Stage, environment: String, traffic: Double, policy: (entry: Int64, settings: PolicySettings)?
    ) -> String? {
        guard traffic != 0 else { return nil }  // a withdrawal is never gated
        guard let policy else {
            return
                "no policy set has been published, so no environment is declared and nothing may be deployed (fail closed); a policy-admin declares 'environments' in settings.yaml and publishes the set"
        }
        guard let rule = policy.settings.environmentRule(for: environment) else {
            let declared = policy.settings.environments.map { "\($0.pattern) (\($0.stage.rawValue))" }
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
        alias: String, model: String, version: Int, stage: Stage, policy: (entry: Int64, settings: PolicySettings)?
    ) -> String? {
        guard let policy else {
            return
                "no policy set has been published, so no alias can be checked against the protected aliases (fail closed); a policy-admin publishes one with 'attest policy publish'"
        }
        guard policy.settings.isProtected(alias: alias), stage.rawValue != PolicySettings.protectedAliasStage.rawValue else { return nil }
        return
            "alias '\(alias)' is protected by the policy set in force (entry \(policy.entry)) and may point only at a version in \(PolicySettings.protectedAliasStage.rawValue); \(model) v\(version) is in \(stage.rawValue)"
    }
}
