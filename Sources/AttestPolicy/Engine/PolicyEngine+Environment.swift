/// Parameters of a `required_environment` rule.
public struct RequiredEnvironmentParameters: Hashable, Codable, Sendable {
    /// Packages that must be in the environment (key `packages`): `NAME` (any version) or
    /// `NAME==VERSION` (exactly that version, pinned).
    public var packages: [String]
    /// Package names that must not be in it (key `forbidden`).
    public var forbidden: [String]
    /// Whether every package must be pinned to one version (key `pinned`, default false).
    public var pinned: Bool
    /// The Python versions allowed (key `python`), e.g. `>=3.10,<3.13`.
    public var python: VersionRange?

    /// Creates the parameters.
    /// - Parameters:
    ///   - packages: Required packages.
    ///   - forbidden: Forbidden package names.
    ///   - pinned: Whether every package must be pinned.
    ///   - python: Allowed Python versions.
    public init(packages: [String] = [], forbidden: [String] = [], pinned: Bool = false, python: VersionRange? = nil) {
        self.packages = packages
        self.forbidden = forbidden
        self.pinned = pinned
        self.python = python
    }

    /// The bound as text: `requires a==1, b; forbids c; all pinned; python >=3.10`.
    var boundText: String {
        var parts: [String] = []
        if !packages.isEmpty { parts.append("requires " + packages.joined(separator: ", ")) }
        if !forbidden.isEmpty { parts.append("forbids " + forbidden.joined(separator: ", ")) }
        if pinned { parts.append("every package pinned (==)") }
        if let python { parts.append("python \(python)") }
        return parts.joined(separator: "; ")
    }
}

extension PolicyEngine {
    /// `required_environment`: the environment recorded with the version (its registration's
    /// `environment`) has the required packages (at the pinned versions when given), none of the
    /// forbidden ones, only pinned packages when `pinned`, and a Python version in `python`. A
    /// version without a recorded environment fails. Cites the registration.
    static func checkEnvironment(_ p: RequiredEnvironmentParameters, facts: PromotionFacts) -> RuleCheck {
        let bound = p.boundText
        guard let environment = facts.version.environment else {
            return .fail(
                "no environment is recorded with v\(facts.version.number) (attest model register --environment FILE or --capture-environment VENV)",
                observed: .text("none"), bound: bound, cited: facts.version.registeredSeq.map { [$0] } ?? [])
        }
        let cited = (environment.seq ?? facts.version.registeredSeq).map { [$0] } ?? []
        var installed: [String: PackageRequirement] = [:]
        for line in environment.packages { if let requirement = PackageRequirement(line) { installed[requirement.name] = requirement } }
        var problems: [String] = []
        for wanted in p.packages.compactMap(PackageRequirement.init) {
            guard let found = installed[wanted.name] else {
                problems.append("\(wanted.name) missing")
                continue
            }
            if let pin = wanted.pin, found.pin != pin { problems.append("\(wanted.name) is \(found.pin ?? "unpinned"), not ==\(pin)") }
        }
        let forbidden = p.forbidden.map(PackageRequirement.normalize).filter { installed[$0] != nil }
        if !forbidden.isEmpty { problems.append("forbidden " + forbidden.joined(separator: ", ")) }
        if p.pinned {
            let loose = environment.packages.filter { PackageRequirement($0)?.pin == nil }
            if !loose.isEmpty { problems.append("unpinned " + loose.joined(separator: ", ")) }
        }
        if let range = p.python {
            if let python = environment.python {
                if !range.contains(python) { problems.append("python \(python) not in \(range)") }
            } else {
                problems.append("python version not recorded")
            }
        }
        let summary = "python \(environment.python ?? "unknown"), \(environment.packages.count) packages"
        guard problems.isEmpty else {
            return .fail(
                "environment of v\(facts.version.number): " + problems.joined(separator: "; "),
                observed: .text(problems.joined(separator: "; ")),
                bound: bound, cited: cited)
        }
        return .pass(
            "environment of v\(facts.version.number) (\(summary)) meets: \(bound)", observed: .text(summary), bound: bound, cited: cited)
    }
}
