internal import Foundation
internal import Yams

/// Parses a file's bytes into a YAML node, turning Yams errors into ``PolicyError``s.
enum YAMLDocument {
    /// Parses one YAML document.
    /// - Returns: The root node.
    /// - Throws: ``PolicyError`` with code `syntax`, `duplicate_key` or `unreadable`.
    static func parse(_ bytes: Data, path: String) throws -> Node {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw PolicyError(.unreadable, at: SourceLocation(path: path, line: 0, column: 0), "file is not UTF-8")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error, path: path)
        } catch {
            throw PolicyError(.syntax, at: SourceLocation(path: path, line: 0, column: 0), "\(error)")
        }
        guard let node else {
            throw PolicyError(.syntax, at: SourceLocation(path: path, line: 1, column: 1), "the file is empty")
        }
        guard expandedSize(node, limit: maximumNodes) <= maximumNodes else {
            throw PolicyError(
                .syntax, at: SourceLocation(path: path, line: 1, column: 1),
                "the YAML expands to more than \(maximumNodes) nodes once its aliases are expanded (an alias bomb?); write the values out instead of repeating anchors"
            )
        }
        return node
    }

    /// The most nodes a policy document may hold with its aliases expanded. Yams shares an
    /// anchored node between its aliases, so composing is cheap; walking it is what repeats
    /// the node, and a few lines of nested aliases would otherwise expand to billions.
    static let maximumNodes = 100_000

    /// The number of nodes of `node` with every alias expanded, counted up to `limit + 1`
    /// (so the count costs at most that many steps).
    static func expandedSize(_ node: Node, limit: Int) -> Int {
        var count = 0
        func visit(_ node: Node) -> Bool {
            count += 1
            guard count <= limit else { return false }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping where !visit(key) || !visit(value) { return false }
            case .sequence(let sequence):
                for item in sequence where !visit(item) { return false }
            default:
                break
            }
            return true
        }
        _ = visit(node)
        return count
    }

    private static func convert(_ error: YamlError, path: String) -> PolicyError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PolicyError(.syntax, at: at(mark), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyError(
                .duplicateKey, at: at(context.mark),
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return PolicyError(.syntax, at: SourceLocation(path: path, line: 0, column: 0), "invalid YAML: \(error)")
        }
    }
}
