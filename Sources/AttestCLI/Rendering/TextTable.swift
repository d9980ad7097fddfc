/// A plain-text table for terminals: a header row, a rule, and columns padded to their widest
/// cell (text left-aligned, numbers right-aligned).
struct TextTable {
    /// How a column is aligned.
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The lines, each indented by `indent` spaces, without trailing spaces.
    func lines(indent: Int = 2) -> [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        let pad = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, width) in widths.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let fill = String(repeating: " ", count: width - cell.count)
                parts.append(alignments[index] == .left ? cell + fill : fill + cell)
            }
            var text = pad + parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(headers), pad + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }
}
