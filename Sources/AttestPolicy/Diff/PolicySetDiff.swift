public import Foundation

/// What changed between two policy sets: files, settings, policies and rules.
public struct PolicySetDiff: Sendable {
    /// A file that differs.
    public struct FileChange: Sendable {
        /// Its path.
        public var path: String
        /// `added`, `removed` or `changed`.
        public var change: String
        /// The unified-style listing of its lines (empty for an unchanged or binary file).
        public var lines: [String]
    }

    /// A rule or policy that differs, in words: `rule 'prod-fairness' changed: value 0.8 -> 0.7`.
    public var changes: [String]
    /// Files that differ, by path.
    public var files: [FileChange]

    /// Whether the two sets are the same.
    public var isEmpty: Bool { changes.isEmpty && files.isEmpty }

    /// Compares two sets.
    /// - Parameters:
    ///   - old: The earlier set.
    ///   - new: The later set.
    public init(from old: PolicySet, to new: PolicySet) {
        changes = Self.semanticChanges(old, new)
        let oldFiles = Dictionary(old.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let newFiles = Dictionary(new.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        files = Set(oldFiles.keys).union(newFiles.keys).sorted().compactMap { path in
            let before = oldFiles[path].map { String(decoding: $0, as: UTF8.self) }
            let after = newFiles[path].map { String(decoding: $0, as: UTF8.self) }
            switch (before, after) {
            case (nil, let text?):
                return FileChange(path: path, change: "added", lines: LineDiff.unified(LineDiff.lines(from: "", to: text)))
            case (let text?, nil):
                return FileChange(path: path, change: "removed", lines: LineDiff.unified(LineDiff.lines(from: text, to: "")))
            case (let a?, let b?) where a != b:
                return FileChange(path: path, change: "changed", lines: LineDiff.unified(LineDiff.lines(from: a, to: b)))
            default: return nil
            }
        }
    }

    private static func semanticChanges(_ old: PolicySet, _ new: PolicySet) -> [String] {
        var changes: [String] = []
        if old.settings != new.settings { changes.append(contentsOf: settingsChanges(old.settings, new.settings)) }
        let oldPolicies = Dictionary(old.policies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newPolicies = Dictionary(new.policies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(oldPolicies.keys).union(newPolicies.keys).sorted() {
            switch (oldPolicies[name], newPolicies[name]) {
            case (nil, let policy?): changes.append("policy '\(name)' added (\(policy.rules.count) rules, \(policy.path))")
            case (let policy?, nil): changes.append("policy '\(name)' removed (it had \(policy.rules.count) rules)")
            case (let a?, let b?):
                if a.scope != b.scope {
                    changes.append("policy '\(name)': applies_to changed: \(describe(a.scope)) -> \(describe(b.scope))")
                }
            default: break
            }
        }
        let oldRules = Dictionary(old.policies.flatMap { p in p.rules.map { ($0.id, $0) } }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.policies.flatMap { p in p.rules.map { ($0.id, $0) } }, uniquingKeysWith: { first, _ in first })
        for id in Set(oldRules.keys).union(newRules.keys).sorted() {
            switch (oldRules[id], newRules[id]) {
            case (nil, let rule?): changes.append("rule '\(id)' added: \(rule.kind.rawValue), \(rule.enforcement.rawValue)")
            case (let rule?, nil): changes.append("rule '\(id)' removed: it was \(rule.kind.rawValue), \(rule.enforcement.rawValue)")
            case (let a?, let b?):
                var parts: [String] = []
                if a.enforcement != b.enforcement { parts.append("enforcement \(a.enforcement.rawValue) -> \(b.enforcement.rawValue)") }
                if a.overrideRoles != b.overrideRoles {
                    parts.append(
                        "override_roles [\(a.overrideRoles.joined(separator: ", "))] -> [\(b.overrideRoles.joined(separator: ", "))]")
                }
                if a.parameters != b.parameters { parts.append("parameters \(describe(a.parameters)) -> \(describe(b.parameters))") }
                if !parts.isEmpty { changes.append("rule '\(id)' changed: " + parts.joined(separator: "; ")) }
            default: break
            }
        }
        return changes
    }

    private static func settingsChanges(_ a: PolicySettings, _ b: PolicySettings) -> [String] {
        var changes: [String] = []
        if a.stages != b.stages { changes.append("settings: stages \(a.stages.map(\.rawValue)) -> \(b.stages.map(\.rawValue))") }
        if a.whenNoPolicyApplies != b.whenNoPolicyApplies {
            changes.append("settings: when_no_policy_applies \(a.whenNoPolicyApplies.rawValue) -> \(b.whenNoPolicyApplies.rawValue)")
        }
        if a.allowUngovernedTargets != b.allowUngovernedTargets {
            changes.append(
                "settings: allow_ungoverned_targets \(a.allowUngovernedTargets.map(\.rawValue)) -> \(b.allowUngovernedTargets.map(\.rawValue))"
            )
        }
        if a.publicationQuorum != b.publicationQuorum {
            changes.append("settings: publication_quorum \(a.publicationQuorum) -> \(b.publicationQuorum)")
        }
        if changes.isEmpty { changes.append("settings changed") }
        return changes
    }

    private static func describe(_ parameters: RuleParameters) -> String {
        switch parameters {
        case .stageTransition(let p): describe(p)
        case .requiredApprovals(let p): describe(p)
        case .metricThreshold(let p): describe(p)
        case .fairnessThreshold(let p): describe(p)
        case .requiredEvidence(let p): describe(p)
        case .driftThreshold(let p): describe(p)
        case .cooldown(let p): describe(p)
        case .requiredSignature(let p): describe(p)
        case .requiredEnvironment(let p): describe(p)
        }
    }

    /// Compact JSON of a value, keys sorted, for showing parameters side by side.
    private static func describe<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}
