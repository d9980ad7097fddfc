internal import Foundation
internal import Yams

/// Reads a YAML mapping strictly: typed getters that report the place of a wrong value,
/// and a check that rejects keys not listed as valid.
struct MappingReader {
    let node: Node
    let mapping: Node.Mapping
    let path: String
    /// What the mapping is, for messages: `policy`, `rule 'prod-approvals'`...
    let what: String

    /// Wraps a node that must be a mapping.
    /// - Throws: ``PolicyError`` `wrong_type` when it is not.
    init(_ node: Node, path: String, what: String) throws {
        guard let mapping = node.mapping else {
            throw PolicyError(.wrongType, at: AttestPolicy.location(of: node, path: path), "\(what) must be a mapping of keys to values")
        }
        self.node = node
        self.mapping = mapping
        self.path = path
        self.what = what
    }

    /// The mapping's own location.
    var location: SourceLocation { AttestPolicy.location(of: node, path: path) }

    /// The location of a node in this file.
    func location(_ node: Node) -> SourceLocation { AttestPolicy.location(of: node, path: path) }

    /// The keys, in file order, with their nodes.
    var keys: [(name: String, key: Node, value: Node)] {
        mapping.map { (name: $0.key.string ?? "", key: $0.key, value: $0.value) }
    }

    /// Rejects any key not in `valid`, pointing at the key.
    func rejectUnknownKeys(_ valid: [String]) throws {
        for entry in keys where !valid.contains(entry.name) {
            throw PolicyError(
                .unknownKey, at: location(entry.key), "unknown key '\(entry.name)' in \(what)",
                validChoices: valid)
        }
    }

    /// The value node of a key, if present.
    func value(_ key: String) -> Node? { mapping[key] }

    /// The key node of a key, if present.
    func keyNode(_ key: String) -> Node? { mapping.first { $0.key.string == key }?.key }

    /// Throws the error for a missing required key.
    func missing(_ key: String, hint: String = "") -> PolicyError {
        PolicyError(.missingKey, at: location, "\(what) is missing required key '\(key)'" + hint)
    }

    func string(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        guard let scalar = node.scalar, !isNull(node) else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be a string")
        }
        return scalar.string
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw missing(key) }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PolicyError(.invalidValue, at: location(value(key)!), "'\(key)' in \(what) must not be empty")
        }
        return text
    }

    /// A list of strings; a single string is read as a list of one.
    func stringList(_ key: String) throws -> [String]? {
        guard let node = value(key) else { return nil }
        if let scalar = node.scalar, !isNull(node) { return [scalar.string] }
        guard let sequence = node.sequence else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be a list of strings")
        }
        return try sequence.map { item in
            guard let scalar = item.scalar, !isNull(item) else {
                throw PolicyError(.wrongType, at: location(item), "each item of '\(key)' in \(what) must be a string")
            }
            return scalar.string
        }
    }

    func int(_ key: String) throws -> Int? {
        guard let node = value(key) else { return nil }
        guard node.scalar != nil, let number = node.int else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be a whole number")
        }
        return number
    }

    func double(_ key: String) throws -> Double? {
        guard let node = value(key) else { return nil }
        guard node.scalar != nil, node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue,
            let number = node.float ?? node.int.map(Double.init), number.isFinite
        else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be a number")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let node = value(key) else { return nil }
        guard node.scalar != nil, node.tag.rawValue == Tag.Name.bool.rawValue, let flag = node.bool else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be true or false")
        }
        return flag
    }

    /// A value from a closed set of names.
    func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, _ type: E.Type, code: PolicyError.Code = .invalidValue, noun: String? = nil
    ) throws -> E? where E.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            throw PolicyError(
                code, at: location(self.value(key)!), "unknown \(noun ?? key) '\(text)' in \(what)",
                validChoices: E.allCases.map(\.rawValue))
        }
        return value
    }

    /// A list of values from a closed set of names.
    func choiceList<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> [E]?
    where E.RawValue == String {
        guard let node = value(key) else { return nil }
        let items = node.sequence.map(Array.init) ?? [node]
        guard node.mapping == nil else {
            throw PolicyError(.wrongType, at: location(node), "'\(key)' in \(what) must be a list")
        }
        return try items.map { item in
            guard let text = item.scalar?.string, let value = E(rawValue: text) else {
                throw PolicyError(
                    .invalidValue, at: location(item),
                    "invalid value '\(item.scalar?.string ?? "")' in '\(key)' of \(what)",
                    validChoices: E.allCases.map(\.rawValue))
            }
            return value
        }
    }

    func duration(_ key: String) throws -> PolicyDuration? {
        guard let node = value(key) else { return nil }
        guard let text = node.scalar?.string, let duration = PolicyDuration(parsing: text) else {
            throw PolicyError(
                .invalidDuration, at: location(node),
                "'\(key)' in \(what) must be a duration such as 30d, 12h, 90m, 45s, 2w or 1d12h, not '\(node.scalar?.string ?? "")'")
        }
        return duration
    }

    func submapping(_ key: String, what: String) throws -> MappingReader? {
        guard let node = value(key) else { return nil }
        return try MappingReader(node, path: path, what: what)
    }
}

/// The location of a node in a file.
func location(of node: Node, path: String) -> SourceLocation {
    SourceLocation(path: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
}

/// Whether a node is a YAML null (`~`, `null` or empty).
func isNull(_ node: Node) -> Bool {
    guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
    return node.tag.rawValue == Tag.Name.null.rawValue
}
