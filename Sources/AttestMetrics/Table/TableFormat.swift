/// The text formats a ``DataTable`` can be read from.
public enum TableFormat: String, Sendable, Codable, CaseIterable {
    /// Comma-separated values per RFC 4180, with a header row.
    case csv
    /// JSON Lines: one flat JSON object per line.
    case jsonLines = "jsonl"

    /// The format implied by a file name: `.jsonl`/`.ndjson` are JSON Lines, anything else CSV.
    /// - Parameter path: The file path.
    /// - Returns: The format.
    public static func inferred(fromPath path: String) -> TableFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonlines") {
            return .jsonLines
        }
        return .csv
    }
}
