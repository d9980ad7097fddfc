import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// What serves now, rebuilt from a model's signed entries (deployments, aliases, stage changes,
/// retirements, decisions, and MLflow's alias moves as its webhooks delivered them and
/// `mlflow audit --enforce` reverted them), each checked against the settings of the policy set
/// in force: `docs/policy.md`, "Deployments and aliases", and docs/mlflow.md, "Webhooks".
enum ServingCollector {
    /// The settings in force and their publication entry, or `nil` when none was published.
    typealias Settings = (entry: UInt64, settings: PolicySettings)?

    /// The policy set in force now, as the registry sees it.
    static func settingsInForce(_ registry: Registry) throws -> Settings {
        guard let info = try registry.policySetInForce() else { return nil }
        return (info.entry, try registry.publishedPolicySet(at: info.entry).settings)
    }

    /// The settings, for the report's JSON.
    static func policy(_ settings: Settings) -> ServingPolicy {
        ServingPolicy(
            entry: settings?.entry, environments: settings?.settings.environments.map { "\($0.pattern): \($0.stage.rawValue)" } ?? [],
            protectedAliases: settings?.settings.protectedAliases ?? [])
    }

    /// Every deployment and alias of the model now, in entry order.
    /// - Parameters:
    ///   - entries: every entry about the model, in log order.
    ///   - settings: the policy set in force.
    static func collect(_ entries: [Entry], settings: Settings) -> [ServingItem] {
        var deployments: [String: (version: Int, traffic: Double, entry: UInt64)] = [:]  // key: environment + version
        var aliases: [String: (version: Int, entry: UInt64)] = [:]
        var mlflowAliases: [String: (version: Int?, mlflowVersion: Int, entry: UInt64)] = [:]
        var fromMLflow: [Int: Int] = [:]  // MLflow version -> Attest version
        var stages: [Int: String] = [:]
        var allowed: [String: UInt64] = [:]  // "version stage" -> first allowing decision
        for entry in entries {
            switch entry.type {
            case EventType.versionRegistered:
                guard let version = ReportCollector.version(of: entry) else { continue }
                stages[version] = AttestPolicy.Stage.development.rawValue
                if let mlflow = PayloadViews.decode(VersionRegistered.self, entry.payload)?.mlflow { fromMLflow[mlflow.version] = version }
            case EventType.mlflowWebhookReceived:
                guard let delivery = PayloadViews.decode(MLflowWebhookReceived.self, entry.payload),
                    delivery.entity == "model_version_alias", let alias = delivery.alias
                else { continue }
                if delivery.action == "deleted" {
                    mlflowAliases[alias] = nil
                } else if let mlflowVersion = delivery.mlflowVersion {
                    mlflowAliases[alias] = (delivery.version ?? fromMLflow[mlflowVersion], mlflowVersion, entry.sequence)
                }
            case EventType.mlflowAliasReverted:
                guard let reverted = PayloadViews.decode(MLflowAliasReverted.self, entry.payload) else { continue }
                mlflowAliases[reverted.alias] = reverted.restoredMlflowVersion.map { (fromMLflow[$0], $0, entry.sequence) }
            case EventType.stageChanged:
                guard let change = PayloadViews.decode(StageChanged.self, entry.payload) else { continue }
                stages[change.version] = change.to.rawValue
                if change.to == .archived { deployments = deployments.filter { $0.value.version != change.version } }
            case EventType.promotionDecided:
                guard let json = JSONValue(parsing: entry.payload), let version = json["version"]?.integer, let to = json["to"]?.text,
                    let result = json["result"]?.text, result != "deny"
                else { continue }
                if allowed["\(version) \(to)"] == nil { allowed["\(version) \(to)"] = entry.sequence }
            case EventType.deployed:
                guard let deployed = PayloadViews.decode(Deployed.self, entry.payload) else { continue }
                let key = "\(deployed.environment)\u{0}\(deployed.version)"
                if deployed.traffic == 0 {
                    deployments[key] = nil
                } else {
                    deployments[key] = (deployed.version, deployed.traffic, entry.sequence)
                }
            case EventType.aliasSet:
                guard let change = PayloadViews.decode(AliasChange.self, entry.payload), let version = change.version else { continue }
                aliases[change.alias] = (version, entry.sequence)
            case EventType.aliasRemoved:
                guard let change = PayloadViews.decode(AliasChange.self, entry.payload) else { continue }
                aliases[change.alias] = nil
            case EventType.versionRetired:
                guard let version = ReportCollector.version(of: entry) else { continue }
                aliases = aliases.filter { $0.value.version != version }
            default:
                continue
            }
        }
        var items: [ServingItem] = []
        for (key, deployment) in deployments {
            let environment = String(key.split(separator: "\u{0}", omittingEmptySubsequences: false)[0])
            let stage = stages[deployment.version] ?? "unknown"
            var item = ServingItem(
                kind: "deployment", version: deployment.version, stage: stage, environment: environment, traffic: deployment.traffic,
                alias: nil, requiredStage: nil, declaredAs: nil, entry: deployment.entry, decision: nil, backed: false, detail: nil)
            guard let settings else {
                item.detail = "no policy set is in force, so no environment is declared"
                items.append(item)
                continue
            }
            guard let rule = settings.settings.environmentRule(for: environment) else {
                item.detail =
                    "environment '\(environment)' matches no environment declared by the policy set in force (entry \(settings.entry))"
                items.append(item)
                continue
            }
            item.requiredStage = rule.stage.rawValue
            item.declaredAs = rule.pattern
            back(&item, required: rule.stage.rawValue, allowed: allowed, what: "environment '\(environment)'")
            items.append(item)
        }
        for (alias, pointer) in aliases {
            let stage = stages[pointer.version] ?? "unknown"
            var item = ServingItem(
                kind: "alias", version: pointer.version, stage: stage, environment: nil, traffic: nil, alias: alias, requiredStage: nil,
                declaredAs: nil, entry: pointer.entry, decision: nil, backed: true, detail: nil)
            if let settings, settings.settings.isProtected(alias: alias) {
                item.requiredStage = PolicySettings.protectedAliasStage.rawValue
                back(&item, required: PolicySettings.protectedAliasStage.rawValue, allowed: allowed, what: "protected alias '\(alias)'")
            } else if settings == nil {
                item.backed = false
                item.detail = "no policy set is in force, so no alias can be checked"
            }
            items.append(item)
        }
        for (alias, pointer) in mlflowAliases {
            items.append(mlflowAlias(alias, pointer, stages: stages, allowed: allowed, settings: settings))
        }
        return items.sorted { ($0.entry, $0.kind) < ($1.entry, $1.kind) }
    }

    /// An MLflow alias as the last recorded delivery or revert left it. A protected alias must
    /// point at a version that Attest recorded and allowed into production before that entry.
    static func mlflowAlias(
        _ alias: String, _ pointer: (version: Int?, mlflowVersion: Int, entry: UInt64), stages: [Int: String],
        allowed: [String: UInt64], settings: Settings
    ) -> ServingItem {
        var item = ServingItem(
            kind: "mlflow_alias", version: pointer.version ?? 0, stage: pointer.version.flatMap { stages[$0] } ?? "unknown",
            environment: nil, traffic: nil, alias: alias, requiredStage: nil, declaredAs: nil, entry: pointer.entry, decision: nil,
            backed: true, detail: nil)
        item.mlflowVersion = pointer.mlflowVersion
        guard let settings else {
            item.backed = false
            item.detail = "no policy set is in force, so no alias can be checked"
            return item
        }
        guard settings.settings.isProtected(alias: alias) else { return item }
        let required = PolicySettings.protectedAliasStage.rawValue
        item.requiredStage = required
        guard pointer.version != nil else {
            item.backed = false
            item.detail = "protected MLflow alias '\(alias)' points at MLflow version \(pointer.mlflowVersion), which Attest never recorded"
            return item
        }
        back(&item, required: required, allowed: allowed, what: "protected MLflow alias '\(alias)'")
        return item
    }

    /// Marks `item` backed when the version is in `required` and an allowing decision for it (or,
    /// for the first stage, the registration) exists.
    static func back(_ item: inout ServingItem, required: String, allowed: [String: UInt64], what: String) {
        guard item.stage == required else {
            item.backed = false
            item.detail = "\(what) requires \(required), but v\(item.version) is in \(item.stage)"
            return
        }
        if required == AttestPolicy.Stage.development.rawValue {
            item.backed = true
            return
        }
        guard let decision = allowed["\(item.version) \(required)"], decision < item.entry else {
            item.backed = false
            item.detail = "\(what) requires \(required), and no allowing decision for \(required) preceded entry \(item.entry)"
            return
        }
        item.decision = decision
        item.backed = true
    }
}
