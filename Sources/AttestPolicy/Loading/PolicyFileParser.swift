internal import Foundation
internal import Yams

/// Parses policy files and the settings file.
struct PolicyFileParser {
    let settings: PolicySettings

    static let policyKeys = ["name", "description", "applies_to", "rules"]
    static let scopeKeys = ["target_stage", "source_stages", "risk_tiers", "tags"]
    static let settingsKeys =
        ["stages", "when_no_policy_applies", "allow_ungoverned_targets", "publication_quorum"] + GateSettingsParser.keys

    /// Parses one policy file.
    /// - Throws: ``PolicyError``.
    func parsePolicy(_ file: PolicySourceFile) throws -> Policy {
        let root = try YAMLDocument.parse(file.bytes, path: file.path)
        let r = try MappingReader(root, path: file.path, what: "policy file")
        try r.rejectUnknownKeys(Self.policyKeys)
        let name = try r.requiredString("name")
        let rules = RuleParser(stages: settings.stages)
        guard let scopeReader = try r.submapping("applies_to", what: "applies_to of policy '\(name)'") else {
            throw r.missing("applies_to", hint: " (target_stage, source_stages, risk_tiers, tags)")
        }
        let scope = try parseScope(scopeReader, rules: rules)
        guard let rulesNode = r.value("rules") else { throw r.missing("rules") }
        guard let sequence = rulesNode.sequence else {
            throw PolicyError(.wrongType, at: r.location(rulesNode), "'rules' must be a list of rules")
        }
        guard !sequence.isEmpty else {
            throw PolicyError(.invalidValue, at: r.location(rulesNode), "policy '\(name)' has no rules")
        }
        let parsed = try sequence.enumerated().map { index, node in
            try rules.parse(node, path: file.path, index: index)
        }
        return Policy(
            name: name, description: try r.string("description"), scope: scope, rules: parsed, path: file.path)
    }

    private func parseScope(_ r: MappingReader, rules: RuleParser) throws -> PolicyScope {
        try r.rejectUnknownKeys(Self.scopeKeys)
        var target: Stage?
        if let name = try r.string("target_stage") {
            guard settings.stages.contains(Stage(name)) else {
                throw PolicyError(
                    .invalidValue, at: r.location(r.value("target_stage")!),
                    "unknown stage '\(name)' in \(r.what)", validChoices: settings.stages.map(\.rawValue))
            }
            target = Stage(name)
        }
        var tags: [String: String] = [:]
        if let tagReader = try r.submapping("tags", what: "tags of \(r.what)") {
            for entry in tagReader.keys {
                guard let value = entry.value.scalar?.string, !isNull(entry.value) else {
                    throw PolicyError(.wrongType, at: r.location(entry.value), "tag '\(entry.name)' must have a value")
                }
                tags[entry.name] = value
            }
        }
        return PolicyScope(
            targetStage: target, sourceStages: try rules.stageList(r, "source_stages"),
            riskTiers: try r.choiceList("risk_tiers", RiskTier.self), tags: tags)
    }

    /// Parses the settings file.
    /// - Throws: ``PolicyError``.
    static func parseSettings(_ file: PolicySourceFile) throws -> PolicySettings {
        let root = try YAMLDocument.parse(file.bytes, path: file.path)
        let r = try MappingReader(root, path: file.path, what: "policy set settings")
        try r.rejectUnknownKeys(settingsKeys)
        var settings = PolicySettings()
        if let names = try r.stringList("stages") {
            let node = r.value("stages")!
            guard !names.isEmpty, Set(names).count == names.count else {
                throw PolicyError(.invalidValue, at: r.location(node), "'stages' must list distinct stage names")
            }
            let unknown = names.filter { !Stage(rawValue: $0).isInLifecycle }
            guard unknown.isEmpty else {
                throw PolicyError(
                    .invalidValue, at: r.location(node),
                    "unknown stage '\(unknown[0])' in 'stages': a version can only be in "
                        + Stage.lifecycle.map(\.rawValue).joined(separator: ", "),
                    validChoices: Stage.lifecycle.map(\.rawValue))
            }
            settings.stages = names.map { Stage(rawValue: $0) }
        }
        settings.whenNoPolicyApplies = try r.choice("when_no_policy_applies", UngovernedDecision.self) ?? .deny
        settings.allowUngovernedTargets =
            try RuleParser(stages: settings.stages).stageList(r, "allow_ungoverned_targets") ?? []
        try GateSettingsParser.parse(r, into: &settings)
        if let quorum = try r.int("publication_quorum") {
            let node = r.value("publication_quorum")!
            guard quorum >= 1 else {
                throw PolicyError(.invalidValue, at: r.location(node), "'publication_quorum' must be at least 1")
            }
            if settings.needsSecondPerson, quorum < PolicySettings.minimumProductionQuorum {
                let what = settings.governsProduction ? "governs production" : "declares environments or protected aliases"
                throw PolicyError(
                    .invalidValue, at: r.location(node),
                    "'publication_quorum' of a set that \(what) must be at least \(PolicySettings.minimumProductionQuorum): "
                        + "a second person approves every change to the rules")
            }
            settings.publicationQuorum = quorum
        }
        return settings
    }
}
