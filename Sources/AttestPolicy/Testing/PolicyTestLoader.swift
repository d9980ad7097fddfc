public import Foundation
internal import Yams

/// Loads policy test files (`policies/tests/*.yaml`).
///
/// A file has optional `defaults.facts`, merged under each case's `facts` (mappings merge
/// key by key, anything else replaces, `null` removes a key), and a list of `cases`, each
/// with `name`, optional `description`, `facts` and `expect` (`result` and/or `rules`).
public enum PolicyTestLoader {
    static let fileKeys = ["defaults", "cases"]
    static let defaultsKeys = ["facts"]
    static let caseKeys = ["name", "description", "facts", "expect"]
    static let expectKeys = ["result", "rules"]

    /// Loads every `*.yaml`/`*.yml` file under a directory, sorted by relative path.
    /// - Parameter directory: The test directory, e.g. `policies/tests/`.
    /// - Returns: All cases, file by file, in file order.
    /// - Throws: ``PolicyError`` for an unreadable or malformed file.
    public static func load(directory: URL) throws -> [PolicyTestCase] {
        let paths = try PolicySetLoader.yamlFiles(in: directory, excludingTests: false)
        return try paths.flatMap { relative in
            let url = directory.appendingPathComponent(relative)
            let bytes: Data
            do {
                bytes = try Data(contentsOf: url)
            } catch {
                throw PolicyError(
                    .unreadable, at: SourceLocation(path: url.path, line: 0, column: 0),
                    "cannot read the file: \(error.localizedDescription)")
            }
            let shown = directory.lastPathComponent + "/" + relative
            return try load(file: PolicySourceFile(path: shown, bytes: bytes))
        }
    }

    /// Loads one test file.
    /// - Parameter file: Its path (used in locations) and bytes.
    /// - Returns: Its cases, in file order.
    /// - Throws: ``PolicyError`` with the file, line and column of the problem.
    public static func load(file: PolicySourceFile) throws -> [PolicyTestCase] {
        let path = file.path
        let root = try YAMLDocument.parse(file.bytes, path: path)
        let r = try MappingReader(root, path: path, what: "policy test file")
        try r.rejectUnknownKeys(fileKeys)
        var defaults: Node?
        if let reader = try r.submapping("defaults", what: "defaults") {
            try reader.rejectUnknownKeys(defaultsKeys)
            defaults = reader.value("facts")
        }
        guard let casesNode = r.value("cases") else { throw r.missing("cases") }
        guard let sequence = casesNode.sequence, !sequence.isEmpty else {
            throw PolicyError(.wrongType, at: r.location(casesNode), "'cases' must be a non-empty list of cases")
        }
        var names = Set<String>()
        return try sequence.enumerated().map { index, node in
            let anonymous = try MappingReader(node, path: path, what: "case #\(index + 1)")
            let name = try anonymous.requiredString("name")
            guard names.insert(name).inserted else {
                throw PolicyError(
                    .invalidValue, at: anonymous.location(anonymous.value("name")!),
                    "case name '\(name)' is used twice in this file")
            }
            let c = try MappingReader(node, path: path, what: "case '\(name)'")
            try c.rejectUnknownKeys(caseKeys)
            guard let expect = try c.submapping("expect", what: "expect of case '\(name)'") else {
                throw c.missing("expect", hint: " (result and/or rules)")
            }
            try expect.rejectUnknownKeys(expectKeys)
            let result = try expect.choice("result", DecisionResult.self, noun: "decision result")
            var rules: [RuleExpectation] = []
            if let rulesReader = try expect.submapping("rules", what: "expect.rules of case '\(name)'") {
                for entry in rulesReader.keys {
                    guard let text = entry.value.scalar?.string, let status = RuleStatus(rawValue: text) else {
                        throw PolicyError(
                            .invalidValue, at: c.location(entry.value),
                            "unknown rule status '\(entry.value.scalar?.string ?? "")' for rule '\(entry.name)'",
                            validChoices: RuleStatus.allCases.map(\.rawValue))
                    }
                    rules.append(RuleExpectation(ruleID: entry.name, status: status, location: c.location(entry.key)))
                }
            }
            if result == nil, rules.isEmpty {
                throw PolicyError(
                    .missingKey, at: expect.location,
                    "expect of case '\(name)' checks nothing; "
                        + "give 'result' and/or 'rules'")
            }
            var factsNode = c.value("facts")
            if let defaults { factsNode = factsNode.map { mergeNodes(defaults, $0) } ?? defaults }
            guard let factsNode else { throw c.missing("facts") }
            let facts = try decodeFacts(factsNode, path: path, caseName: name)
            return PolicyTestCase(
                name: name, description: try c.string("description"), location: c.location, facts: facts,
                expectedResult: result, expectedRules: rules)
        }
    }

    /// Decodes facts from a node, reporting a decoding problem at its place in the file.
    static func decodeFacts(_ node: Node, path: String, caseName: String) throws -> PromotionFacts {
        do {
            return try YAMLDecoder().decode(PromotionFacts.self, from: node)
        } catch let error as DecodingError {
            let (codingPath, message, atKey): ([any CodingKey], String, Bool)
            switch error {
            case .keyNotFound(let key, let context):
                (codingPath, message, atKey) = (context.codingPath, "missing key '\(key.stringValue)'", false)
            case .typeMismatch(let type, let context):
                (codingPath, message, atKey) = (context.codingPath, "expected \(describe(type))", false)
            case .valueNotFound(let type, let context):
                (codingPath, message, atKey) = (context.codingPath, "expected \(describe(type)), found null", false)
            case .dataCorrupted(let context):
                let text = context.debugDescription
                (codingPath, message, atKey) = (context.codingPath, text, text.hasPrefix(unknownKeyPrefix))
            @unknown default:
                (codingPath, message, atKey) = ([], "\(error)", false)
            }
            let target = find(codingPath, in: node, atKey: atKey) ?? node
            let dotted = (["facts"] + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue })
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
            throw PolicyError(
                .invalidFacts, at: location(of: target, path: path),
                "invalid facts in case '\(caseName)' at \(dotted): \(message)")
        } catch let error as PolicyError {
            throw error
        } catch {
            throw PolicyError(
                .invalidFacts, at: location(of: node, path: path),
                "invalid facts in case '\(caseName)': \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a value of type \(type)"
        }
    }

    /// The node at a coding path (the key node for the last step when `atKey`).
    static func find(_ codingPath: [any CodingKey], in root: Node, atKey: Bool) -> Node? {
        var node = root
        for (index, key) in codingPath.enumerated() {
            let last = index == codingPath.count - 1
            if let sequence = node.sequence, let position = key.intValue {
                guard position < sequence.count else { return node }
                node = sequence[position]
            } else if let mapping = node.mapping {
                guard let pair = mapping.first(where: { $0.key.string == key.stringValue }) else { return node }
                node = last && atKey ? pair.key : pair.value
            } else {
                return node
            }
        }
        return node
    }

    /// Merges `over` onto `base`: mappings key by key, `null` removes, anything else replaces.
    static func mergeNodes(_ base: Node, _ over: Node) -> Node {
        guard let baseMapping = base.mapping, let overMapping = over.mapping else { return over }
        var pairs: [(Node, Node)] = baseMapping.map { ($0.key, $0.value) }
        for (key, value) in overMapping {
            let index = pairs.firstIndex { $0.0.string == key.string }
            if isNull(value) {
                if let index { pairs.remove(at: index) }
            } else if let index {
                pairs[index] = (key, mergeNodes(pairs[index].1, value))
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs, overMapping.tag, overMapping.style, overMapping.mark))
    }
}
