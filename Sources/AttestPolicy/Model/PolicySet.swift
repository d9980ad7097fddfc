/// A set of policies loaded together: the unit that is published to the ledger and
/// governs decisions.
public struct PolicySet: Hashable, Codable, Sendable {
    /// The set's settings (from `settings.yaml`, or the defaults).
    public var settings: PolicySettings
    /// The policies, sorted by file path.
    public var policies: [Policy]
    /// Every file of the set, sorted by path, with its exact bytes.
    public var files: [PolicySourceFile]

    /// Creates a policy set.
    /// - Parameters:
    ///   - settings: Settings.
    ///   - policies: Policies (kept in the given order).
    ///   - files: Source files.
    public init(settings: PolicySettings = PolicySettings(), policies: [Policy], files: [PolicySourceFile] = []) {
        self.settings = settings
        self.policies = policies
        self.files = files
    }

    /// Finds a rule and its policy by rule id.
    /// - Parameter id: The rule id.
    /// - Returns: The policy and rule, or `nil`.
    public func rule(id: String) -> (policy: Policy, rule: Rule)? {
        for policy in policies {
            if let rule = policy.rules.first(where: { $0.id == id }) { return (policy, rule) }
        }
        return nil
    }
}
