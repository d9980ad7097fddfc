import Foundation

/// One line of the results table.
struct Row {
    var measure: String
    var value: String
    var target: String = "-"
    var peer: String = "-"
    var ratio: String = "-"
    /// Whether the row has a target and misses it.
    var missed = false
}

/// Collects rows, prints them as they come, and renders the Markdown table.
final class Report {
    private(set) var rows: [Row] = []
    private(set) var notes: [String] = []

    func add(_ row: Row) {
        rows.append(row)
        let flag = row.missed ? "  (target missed)" : ""
        say("  \(row.measure): \(row.value)\(row.ratio == "-" ? "" : " [\(row.ratio)]")\(flag)")
    }

    func note(_ text: String) {
        notes.append(text)
        say("  note: \(text)")
    }

    func markdown(title: String, context: [String]) -> String {
        var out = "# \(title)\n\n"
        for line in context { out += "- \(line)\n" }
        out += "\n| measure | value | target | peer | ratio |\n| --- | ---: | --- | --- | ---: |\n"
        for row in rows {
            let target = row.missed ? "\(row.target) **missed**" : row.target
            out += "| \(row.measure) | \(row.value) | \(target) | \(row.peer) | \(row.ratio) |\n"
        }
        if !notes.isEmpty {
            out += "\n"
            for note in notes { out += "- \(note)\n" }
        }
        return out
    }
}

/// Writes a line to standard output at once (unbuffered), so progress shows during long runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
