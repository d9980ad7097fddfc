import AttestPolicy

// The registry's stages and risk tiers are AttestPolicy's `Stage` and `RiskTier`: one type for
// each concept, shared by policies, facts, the registry and the reports. What the registry adds
// is parsing a user's text, with its own error.

extension Stage {
    /// Parses a stage name (case-insensitive) that a version can be in.
    /// - Parameter text: The name, e.g. `production`.
    /// - Throws: `RegistryError` (`.badInput`) listing the lifecycle's stages.
    public init(parsing text: String) throws {
        let stage = Stage(rawValue: text.lowercased())
        guard stage.isInLifecycle else {
            throw RegistryError(
                .badInput, "unknown stage '\(text)'; stages are \(Stage.lifecycle.map(\.rawValue).joined(separator: ", "))")
        }
        self = stage
    }
}

extension RiskTier {
    /// Parses a tier name (case-insensitive).
    /// - Parameter text: The name, e.g. `high`.
    /// - Throws: `RegistryError` (`.badInput`) listing the tiers.
    public init(parsing text: String) throws {
        guard let tier = RiskTier(rawValue: text.lowercased()) else {
            throw RegistryError(
                .badInput, "unknown risk tier '\(text)'; tiers are \(RiskTier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = tier
    }
}
