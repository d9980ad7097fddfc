/// A line-by-line difference between two texts (longest common subsequence), for showing a
/// reviewer what changed in a policy file.
public enum LineDiff {
    /// One line of the difference.
    public enum Line: Hashable, Sendable {
        /// Present in both.
        case same(String)
        /// Only in the old text.
        case removed(String)
        /// Only in the new text.
        case added(String)
    }

    /// The lines of `old` and `new` aligned by their longest common subsequence.
    /// - Parameters:
    ///   - old: The old text.
    ///   - new: The new text.
    /// - Returns: Every line, in order; removals before additions where they replace each other.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = split(old)
        let b = split(new)
        // common[i][j]: the length of the longest common subsequence of a[i...] and b[j...].
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var result: [Line] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                result.append(.removed(a[i]))
                i += 1
            } else {
                result.append(.added(b[j]))
                j += 1
            }
        }
        return result
    }

    /// The changed lines with `context` unchanged lines around each change, `-`/`+`/` `-prefixed;
    /// skipped stretches are shown as `@@ line N @@`.
    /// - Parameters:
    ///   - lines: The aligned lines.
    ///   - context: Unchanged lines kept around each change.
    /// - Returns: The text lines of a unified-style listing.
    public static func unified(_ lines: [Line], context: Int = 2) -> [String] {
        let changed = lines.indices.filter { if case .same = lines[$0] { false } else { true } }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for index in changed { keep.formUnion(max(0, index - context)...min(lines.count - 1, index + context)) }
        var output: [String] = []
        var oldLine = 1
        var previous: Int?
        for (index, line) in lines.enumerated() {
            if keep.contains(index), previous.map({ $0 + 1 != index }) ?? true { output.append("@@ line \(oldLine) @@") }
            if keep.contains(index) {
                previous = index
                switch line {
                case .same(let text): output.append("  " + text)
                case .removed(let text): output.append("- " + text)
                case .added(let text): output.append("+ " + text)
                }
            }
            if case .added = line {} else { oldLine += 1 }
        }
        return output
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
