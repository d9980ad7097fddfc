internal import Yams

/// Reads the deployment and alias gates of `settings.yaml`: `environments` (a mapping of globs
/// over environment names to the stage each requires, in file order) and `protected_aliases`
/// (a list of alias names that only production versions may carry).
enum GateSettingsParser {
    /// The settings keys this parser reads.
    static let keys = ["environments", "protected_aliases", "mlflow_aliases"]

    /// Characters of an environment or alias name (as the registry accepts them).
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "._-".unicodeScalars.contains(scalar)
    }

    /// Reads both keys into `settings` (whose `stages` are already read).
    /// - Throws: ``PolicyError`` naming the place of a wrong value.
    static func parse(_ r: MappingReader, into settings: inout PolicySettings) throws {
        if let environments = try r.submapping("environments", what: "'environments' of the policy set settings") {
            settings.environments = try parseEnvironments(environments, stages: settings.stages)
        }
        if let aliases = try r.stringList("protected_aliases") {
            let items = r.value("protected_aliases")!.sequence.map(Array.init) ?? [r.value("protected_aliases")!]
            var seen = Set<String>()
            for (alias, node) in zip(aliases, items) {
                guard !alias.isEmpty, alias.count <= 128, alias.unicodeScalars.allSatisfy(isNameCharacter) else {
                    throw PolicyError(
                        .invalidValue, at: r.location(node),
                        "protected alias '\(alias)' must be 1-128 characters of letters, digits, '.', '_' and '-'")
                }
                guard seen.insert(alias).inserted else {
                    throw PolicyError(.invalidValue, at: r.location(node), "protected alias '\(alias)' is listed twice")
                }
            }
            if !aliases.isEmpty && !settings.stages.contains(PolicySettings.protectedAliasStage) {
                throw PolicyError(
                    .invalidValue, at: r.location(r.value("protected_aliases")!),
                    "protected aliases may point only at versions in '\(PolicySettings.protectedAliasStage)', which is not among 'stages'")
            }
            settings.protectedAliases = aliases
        }
        if let aliases = try r.submapping("mlflow_aliases", what: "'mlflow_aliases' of the policy set settings") {
            settings.mlflowAliases = try parseMLflowAliases(aliases, stages: settings.stages)
        }
    }

    /// `mlflow_aliases`: a mapping of stage to the MLflow alias `attest promote` points at a
    /// version imported from MLflow once an allowing decision puts it in that stage.
    static func parseMLflowAliases(_ r: MappingReader, stages: [Stage]) throws -> [String: String] {
        var aliases: [String: String] = [:]
        for entry in r.keys {
            guard stages.contains(Stage(entry.name)) else {
                throw PolicyError(
                    .invalidValue, at: r.location(entry.key), "unknown stage '\(entry.name)' in 'mlflow_aliases'",
                    validChoices: stages.map(\.rawValue))
            }
            guard let alias = entry.value.scalar?.string, !isNull(entry.value), !alias.isEmpty, alias.count <= 128,
                alias.unicodeScalars.allSatisfy(isNameCharacter)
            else {
                throw PolicyError(
                    .invalidValue, at: r.location(entry.value),
                    "the MLflow alias for stage '\(entry.name)' must be 1-128 characters of letters, digits, '.', '_' and '-'")
            }
            aliases[entry.name] = alias
        }
        return aliases
    }

    static func parseEnvironments(_ r: MappingReader, stages: [Stage]) throws -> [EnvironmentRule] {
        var rules: [EnvironmentRule] = []
        for entry in r.keys {
            let pattern = entry.name
            guard entry.key.scalar != nil, !pattern.isEmpty, pattern.count <= 128,
                pattern.unicodeScalars.allSatisfy({ isNameCharacter($0) || $0 == "*" || $0 == "?" })
            else {
                throw PolicyError(
                    .invalidValue, at: r.location(entry.key),
                    "environment glob '\(pattern)' must be 1-128 characters of letters, digits, '.', '_', '-' and the wildcards '*' and '?'"
                )
            }
            guard !rules.contains(where: { $0.pattern == pattern }) else {
                throw PolicyError(.duplicateKey, at: r.location(entry.key), "environment glob '\(pattern)' is declared twice")
            }
            guard let name = entry.value.scalar?.string, !isNull(entry.value) else {
                throw PolicyError(
                    .wrongType, at: r.location(entry.value), "environment glob '\(pattern)' must name the stage it requires")
            }
            guard stages.contains(Stage(name)) else {
                throw PolicyError(
                    .invalidValue, at: r.location(entry.value), "unknown stage '\(name)' required by environment glob '\(pattern)'",
                    validChoices: stages.map(\.rawValue))
            }
            rules.append(EnvironmentRule(pattern: pattern, stage: Stage(name)))
        }
        return rules
    }
}
