/// How a requested column is to be read.
public enum ColumnKind: String, Sendable, Codable, Hashable {
    /// Decimal numbers; empty, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL` and `None` are missing.
    case numeric
    /// Category levels (text); missing as for numeric columns: empty, `NA`, `N/A`, `NaN`,
    /// `nan`, `null`, `NULL`, `None` (and JSON `null` or an absent key).
    case categorical
    /// Numeric when every non-missing value is a number, otherwise categorical.
    case auto
}

/// A column to read from a table, by header name.
public struct ColumnRequest: Sendable, Hashable, Codable {
    /// The header name.
    public var name: String
    /// How to read it.
    public var kind: ColumnKind

    /// Creates a request.
    /// - Parameters:
    ///   - name: The header name.
    ///   - kind: How to read it.
    public init(_ name: String, _ kind: ColumnKind) {
        self.name = name
        self.kind = kind
    }
}

/// A numeric column: one `Double` per row, NaN where the value is missing or invalid.
public struct NumericColumn: Sendable {
    /// The header name.
    public let name: String
    /// One value per row; NaN marks a missing or invalid value.
    public let values: [Double]
    /// Raw text of the first invalid (non-numeric, non-missing) values, by 0-based row.
    public let invalidText: [Int: String]

    /// Whether row `row` (0-based) holds an invalid, as opposed to missing, value.
    /// - Parameter row: The 0-based row index.
    /// - Returns: The raw text when the value was present but not a number.
    public func invalid(at row: Int) -> String? { invalidText[row] }
}

/// A categorical column: one integer code per row (-1 when missing) and the level texts.
public struct CategoricalColumn: Sendable {
    /// The header name.
    public let name: String
    /// One code per row, an index into ``levels``, or -1 when missing.
    public let codes: [Int32]
    /// The distinct texts, in order of first appearance.
    public let levels: [String]
}

/// A column read from a table.
public enum Column: Sendable {
    /// A numeric column.
    case numeric(NumericColumn)
    /// A categorical column.
    case categorical(CategoricalColumn)

    /// The header name.
    public var name: String {
        switch self {
        case .numeric(let c): return c.name
        case .categorical(let c): return c.name
        }
    }
}
