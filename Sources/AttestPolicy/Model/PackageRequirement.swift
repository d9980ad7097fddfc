import Foundation

/// One package requirement line as an environment records it (`scikit-learn==1.9.1`,
/// `pandas>=2`, conda's `numpy=1.26.4`), read for `required_environment` (docs/policy.md).
public struct PackageRequirement: Hashable, Sendable {
    /// The name, normalized as PyPI does (PEP 503: lower case, runs of `-`, `_`, `.` as one `-`).
    public var name: String
    /// The exact version when the line pins one (`==V`, `===V`, conda `=V`, without a wildcard).
    public var pin: String?

    /// Reads a requirement line; `nil` when it does not start with a package name.
    /// - Parameter line: The line, e.g. `scikit-learn==1.9.1 ; python_version >= "3.9"`.
    public init?(_ line: String) {
        let body = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        let nameEnd = trimmed.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0))) } ?? trimmed.endIndex
        guard nameEnd > trimmed.startIndex else { return nil }
        name = Self.normalize(String(trimmed[..<nameEnd]))
        var rest = trimmed[nameEnd...].trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            rest = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
        }
        var version: String?
        for op in ["===", "==", "="] where rest.hasPrefix(op) {
            version = rest.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
            break
        }
        if let version, !version.isEmpty, !version.contains(where: { "*,<>!=~ @".contains($0) }) {
            pin = version
        } else {
            pin = nil
        }
    }

    /// A name as PyPI compares names (PEP 503).
    /// - Parameter name: A package name.
    /// - Returns: Lower case, with each run of `-`, `_` and `.` replaced by one `-`.
    public static func normalize(_ name: String) -> String {
        var out = ""
        var inRun = false
        for character in name.lowercased() {
            if "-_.".contains(character) {
                if !inRun { out.append("-") }
                inRun = true
            } else {
                out.append(character)
                inRun = false
            }
        }
        return out
    }
}

/// A range of Python versions, `>=3.10,<3.13` (clauses `>=`, `>`, `<=`, `<`, `==`, `!=`; `==3.11.*`
/// matches every 3.11 release).
public struct VersionRange: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The range as written.
    public var text: String

    /// Reads a range; `nil` when a clause is malformed.
    /// - Parameter text: The range.
    public init?(_ text: String) {
        self.text = text
        guard !text.isEmpty, (try? clauses()) != nil else { return nil }
    }

    /// The range as written.
    public var description: String { text }

    struct Malformed: Error {}

    func clauses() throws -> [(op: String, version: [Int], wildcard: Bool)] {
        try text.split(separator: ",").map { raw in
            let clause = raw.trimmingCharacters(in: .whitespaces)
            guard let op = [">=", "<=", "==", "!=", ">", "<"].first(where: { clause.hasPrefix($0) }) else { throw Malformed() }
            var version = clause.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
            let wildcard = version.hasSuffix(".*")
            if wildcard {
                guard op == "==" || op == "!=" else { throw Malformed() }
                version.removeLast(2)
            }
            guard let parts = Self.parts(version) else { throw Malformed() }
            return (op, parts, wildcard)
        }
    }

    /// The numeric release parts of a version (`3.11.7` -> [3, 11, 7]; a suffix such as `rc1` is dropped).
    static func parts(_ version: String) -> [Int]? {
        let release = version.prefix { $0.isNumber || $0 == "." }
        let parts = release.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    /// Whether `version` is in the range; `false` for a version that is not a number.
    /// - Parameter version: e.g. `3.11.7`.
    /// - Returns: Whether every clause holds.
    public func contains(_ version: String) -> Bool {
        guard let value = Self.parts(version), let clauses = try? clauses() else { return false }
        return clauses.allSatisfy { clause in
            if clause.wildcard {
                let matches = Array(value.prefix(clause.version.count)) == clause.version
                return clause.op == "==" ? matches : !matches
            }
            let order = Self.compare(value, clause.version)
            switch clause.op {
            case ">=": return order >= 0
            case ">": return order > 0
            case "<=": return order <= 0
            case "<": return order < 0
            case "==": return order == 0
            default: return order != 0
            }
        }
    }

    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
