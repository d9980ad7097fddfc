/// One policy file: a name, what it applies to, and its rules.
public struct Policy: Hashable, Codable, Sendable {
    /// The policy's name, unique in the set (key `name`).
    public var name: String
    /// Free text (key `description`).
    public var description: String?
    /// What the policy applies to (key `applies_to`).
    public var scope: PolicyScope
    /// The rules, in file order (key `rules`).
    public var rules: [Rule]
    /// The file the policy was loaded from.
    public var path: String

    /// Creates a policy.
    /// - Parameters:
    ///   - name: Unique name.
    ///   - description: Free text.
    ///   - scope: What it applies to.
    ///   - rules: Its rules.
    ///   - path: Its file.
    public init(name: String, description: String? = nil, scope: PolicyScope, rules: [Rule], path: String = "") {
        self.name = name
        self.description = description
        self.scope = scope
        self.rules = rules
        self.path = path
    }
}
