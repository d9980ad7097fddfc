/// The deployment and alias gates of a policy set's settings (docs/policy.md, "Deployments and
/// aliases").
extension PolicySettings {
    /// The stage a protected alias requires: only versions in production may carry one.
    public static let protectedAliasStage: Stage = "production"

    /// The declared environment that governs `environment`: the first of ``environments``, in
    /// file order, whose glob matches the whole name; `nil` when none does (the environment is
    /// undeclared, and nothing may be deployed there).
    /// - Parameter environment: An environment name.
    /// - Returns: The matching rule, or `nil`.
    public func environmentRule(for environment: String) -> EnvironmentRule? {
        environments.first { $0.matches(environment) }
    }

    /// Whether `alias` is protected (listed in ``protectedAliases``).
    /// - Parameter alias: An alias name.
    /// - Returns: `true` when only production versions may carry it.
    public func isProtected(alias: String) -> Bool { protectedAliases.contains(alias) }
}
