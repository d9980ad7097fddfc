/// The single error type of AttestMetrics: malformed input, an unusable column or an
/// impossible specification.
///
/// The message names the input (file path or the name given for in-memory bytes), the place
/// (1-based data row and physical line number) and the column when they are known, and
/// ``hint`` says what to do. New codes may be added without breaking callers.
public struct MetricsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The file could not be read.
        case unreadableFile = "unreadable_file"
        /// The input holds no header (empty file).
        case emptyInput = "empty_input"
        /// The input is not valid UTF-8.
        case invalidEncoding = "invalid_encoding"
        /// A CSV record has a different number of fields than the header.
        case raggedRow = "ragged_row"
        /// A quoted CSV field is malformed (unterminated, text after the closing quote,
        /// or a quote inside an unquoted field).
        case malformedQuote = "malformed_quote"
        /// A JSON Lines record is not a flat JSON object.
        case malformedJSON = "malformed_json"
        /// Two header columns share a name.
        case duplicateColumn = "duplicate_column"
        /// A requested column is not in the input.
        case unknownColumn = "unknown_column"
        /// A used column has an empty or null value.
        case missingValue = "missing_value"
        /// A used column has a value that cannot be interpreted (e.g. not a number).
        case invalidValue = "invalid_value"
        /// Labels or predictions are not binary, or the positive label cannot be determined.
        case invalidLabels = "invalid_labels"
        /// The evaluation, drift or bootstrap specification is inconsistent.
        case invalidSpecification = "invalid_specification"
        /// No data rows remain to evaluate.
        case noRows = "no_rows"
    }

    /// The machine-readable code.
    public var code: Code
    /// The input's name: a file path, or the name given for in-memory bytes.
    public var source: String?
    /// The 1-based data row (the header is not counted).
    public var row: Int?
    /// The 1-based physical line number in the input.
    public var line: Int?
    /// The column concerned.
    public var column: String?
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The machine-readable code.
    ///   - source: The input's name.
    ///   - row: The 1-based data row.
    ///   - line: The 1-based physical line.
    ///   - column: The column concerned.
    ///   - message: What is wrong.
    ///   - hint: What to do about it.
    public init(
        _ code: Code, source: String? = nil, row: Int? = nil, line: Int? = nil,
        column: String? = nil, message: String, hint: String
    ) {
        self.code = code
        self.source = source
        self.row = row
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `source:line: error: row R, column 'c': message; hint`, omitting unknown parts.
    public var description: String {
        var text = ""
        if let source { text += source + ":" }
        if let line { text += "\(line):" }
        if !text.isEmpty { text += " " }
        text += "error: "
        var place: [String] = []
        if let row { place.append("row \(row)") }
        if let column { place.append("column '\(column)'") }
        if !place.isEmpty { text += place.joined(separator: ", ") + ": " }
        text += message
        if !hint.isEmpty { text += "; " + hint }
        return text
    }
}
