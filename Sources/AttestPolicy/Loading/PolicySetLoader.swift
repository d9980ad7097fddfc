public import Foundation

/// Loads a ``PolicySet`` from a policy directory or from published (path, bytes) pairs.
///
/// A set is every `*.yaml` and `*.yml` file under the directory, except those under a
/// `tests/` folder (policy test files), sorted by relative path. `settings.yaml` at the root,
/// if present, holds the set's ``PolicySettings``; every other file is one policy.
public enum PolicySetLoader {
    /// Loads every policy file under a directory.
    /// - Parameter directory: The policy directory, e.g. `policies/`.
    /// - Returns: The set, keeping each file's exact bytes.
    /// - Throws: ``PolicyError`` for an unreadable directory or a malformed file.
    public static func load(directory: URL) throws -> PolicySet {
        try load(files: try sourceFiles(in: directory))
    }

    /// Loads a set from files already in memory, such as the copy published in the ledger.
    /// - Parameter files: Relative paths and exact bytes, in any order.
    /// - Returns: The set, with files and policies sorted by path.
    /// - Throws: ``PolicyError`` for a malformed file, a duplicate policy name or rule id.
    public static func load(files: [PolicySourceFile]) throws -> PolicySet {
        let sorted = files.sorted { $0.path < $1.path }
        var settings = PolicySettings()
        if let file = sorted.first(where: { $0.path == PolicySettings.fileName }) {
            settings = try PolicyFileParser.parseSettings(file)
        }
        let parser = PolicyFileParser(settings: settings)
        var policies: [Policy] = []
        var names: [String: String] = [:]
        var ruleIDs: [String: SourceLocation] = [:]
        for file in sorted where file.path != PolicySettings.fileName {
            let policy = try parser.parsePolicy(file)
            if let other = names[policy.name] {
                throw PolicyError(
                    .duplicatePolicyName, at: SourceLocation(path: file.path, line: 1, column: 1),
                    "policy name '\(policy.name)' is already used by \(other)")
            }
            names[policy.name] = file.path
            for rule in policy.rules {
                if let first = ruleIDs[rule.id] {
                    throw PolicyError(
                        .duplicateRuleID, at: rule.location,
                        "rule id '\(rule.id)' is already used at \(first); rule ids must be unique in the policy set")
                }
                ruleIDs[rule.id] = rule.location
            }
            policies.append(policy)
        }
        return PolicySet(settings: settings, policies: policies, files: sorted)
    }

    /// Reads the policy files under a directory, without parsing them.
    /// - Parameter directory: The policy directory.
    /// - Returns: The `*.yaml`/`*.yml` files outside `tests/` folders, sorted by relative path.
    /// - Throws: ``PolicyError`` `unreadable` when the directory or a file cannot be read.
    public static func sourceFiles(in directory: URL) throws -> [PolicySourceFile] {
        try yamlFiles(in: directory, excludingTests: true).map { relative in
            let url = directory.appendingPathComponent(relative)
            do {
                return PolicySourceFile(path: relative, bytes: try Data(contentsOf: url))
            } catch {
                throw PolicyError(
                    .unreadable, at: SourceLocation(path: url.path, line: 0, column: 0),
                    "cannot read the file: \(error.localizedDescription)")
            }
        }
    }

    /// The relative paths of the YAML files under a directory, sorted.
    static func yamlFiles(in directory: URL, excludingTests: Bool) throws -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PolicyError(
                .unreadable, at: SourceLocation(path: directory.path, line: 0, column: 0),
                "not a directory")
        }
        var found: [String] = []
        func walk(_ relative: String) throws {
            let url = relative.isEmpty ? directory : directory.appendingPathComponent(relative)
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: url.path)
            } catch {
                throw PolicyError(
                    .unreadable, at: SourceLocation(path: url.path, line: 0, column: 0),
                    "cannot list the directory: \(error.localizedDescription)")
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                var childIsDirectory: ObjCBool = false
                _ = manager.fileExists(
                    atPath: directory.appendingPathComponent(child).path,
                    isDirectory: &childIsDirectory)
                if childIsDirectory.boolValue {
                    if excludingTests, name == "tests" { continue }
                    try walk(child)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    found.append(child)
                }
            }
        }
        try walk("")
        return found.sorted()
    }
}
