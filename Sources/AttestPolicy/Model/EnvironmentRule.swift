/// One declared deployment environment of a policy set (key `environments` of `settings.yaml`):
/// a glob over environment names and the stage a version must be in to be deployed there.
///
/// The glob matches the whole name; `*` matches any run of characters (also none) and `?`
/// exactly one; every other character matches itself. `prod-*` matches `prod-us` and `prod-`,
/// not `preprod-us`.
public struct EnvironmentRule: Hashable, Codable, Sendable {
    /// The glob, e.g. `prod-*`.
    public var pattern: String
    /// The stage a version must be in, e.g. `production`.
    public var stage: Stage

    /// Creates a rule.
    /// - Parameters:
    ///   - pattern: The glob over environment names.
    ///   - stage: The stage it requires.
    public init(pattern: String, stage: Stage) {
        self.pattern = pattern
        self.stage = stage
    }

    /// Whether the glob matches the whole of `environment`.
    /// - Parameter environment: An environment name.
    /// - Returns: `true` when it matches.
    public func matches(_ environment: String) -> Bool {
        Self.glob(Array(pattern.unicodeScalars), Array(environment.unicodeScalars))
    }

    /// Iterative wildcard matching with one backtrack point (linear in practice, never exponential).
    static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var (p, t) = (0, 0)
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == text[t])) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
