import Foundation

/// Columns read from a CSV or JSON Lines input, stored as arrays (one element per data row).
///
/// Only the requested columns are materialised. Missing and invalid values are kept (as NaN or
/// code -1) so that the evaluator can either report the first one or drop those rows.
public struct DataTable: Sendable {
    /// The input's name (file path or the name given for bytes), used in error messages.
    public let source: String
    /// Every column name available in the input (the CSV header, or the union of JSON keys).
    public let availableColumns: [String]
    /// The number of data rows.
    public let rowCount: Int
    /// The materialised columns, by name.
    public let columns: [String: Column]
    /// The 1-based physical line on which each data row starts.
    let rowLines: [Int32]

    init(source: String, availableColumns: [String], rowCount: Int, columns: [String: Column], rowLines: [Int32]) {
        self.source = source
        self.availableColumns = availableColumns
        self.rowCount = rowCount
        self.columns = columns
        self.rowLines = rowLines
    }

    /// The physical line on which a data row starts.
    /// - Parameter row: The 0-based row index.
    /// - Returns: The 1-based line number.
    public func line(ofRow row: Int) -> Int { Int(rowLines[row]) }

    /// The column with that name.
    /// - Parameter name: The header name.
    /// - Returns: The column.
    /// - Throws: ``MetricsError`` (`unknownColumn`) when it was not read or does not exist.
    public func column(_ name: String) throws -> Column {
        guard let column = columns[name] else {
            throw MetricsError(
                .unknownColumn, source: source, column: name,
                message: "no column '\(name)'; available columns: \(availableColumns.joined(separator: ", "))",
                hint: "check the column name (it is case-sensitive)")
        }
        return column
    }

    /// Reads the requested columns from a file.
    /// - Parameters:
    ///   - path: The file path.
    ///   - format: The format; inferred from the extension when `nil`.
    ///   - columns: The columns to read.
    /// - Returns: The table.
    /// - Throws: ``MetricsError`` when the file cannot be read or is malformed.
    public static func read(contentsOf path: String, format: TableFormat? = nil, columns: [ColumnRequest]) throws -> DataTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw MetricsError(
                .unreadableFile, source: path, message: "cannot read the file (\(error.localizedDescription))",
                hint: "check that the path exists and is readable")
        }
        var bytes = [UInt8](data)
        return try read(bytes: &bytes, source: path, format: format ?? .inferred(fromPath: path), columns: columns)
    }

    /// Reads the requested columns from bytes in memory.
    /// - Parameters:
    ///   - bytes: The input; a CSV reader may rewrite quoted fields in place.
    ///   - source: The name to use in error messages.
    ///   - format: The format.
    ///   - columns: The columns to read.
    /// - Returns: The table.
    /// - Throws: ``MetricsError`` when the input is malformed.
    public static func read(bytes: inout [UInt8], source: String, format: TableFormat, columns: [ColumnRequest]) throws -> DataTable {
        switch format {
        case .csv: return try CSVReader.read(bytes: &bytes, source: source, columns: columns)
        case .jsonLines: return try JSONLinesReader.read(bytes: &bytes, source: source, columns: columns)
        }
    }

    /// Reads the requested columns from bytes in memory (copying them).
    /// - Parameters:
    ///   - bytes: The input.
    ///   - source: The name to use in error messages.
    ///   - format: The format.
    ///   - columns: The columns to read.
    /// - Returns: The table.
    /// - Throws: ``MetricsError`` when the input is malformed.
    public static func read(bytes: [UInt8], source: String, format: TableFormat, columns: [ColumnRequest]) throws -> DataTable {
        var copy = bytes
        return try read(bytes: &copy, source: source, format: format, columns: columns)
    }

    static func unknownColumnError(source: String, name: String, available: [String]) -> MetricsError {
        MetricsError(
            .unknownColumn, source: source, column: name,
            message: "no column '\(name)'; available columns: \(available.joined(separator: ", "))",
            hint: "check the column name (it is case-sensitive)")
    }

    static func validateRequests(_ columns: [ColumnRequest], source: String) throws {
        var seen: Set<String> = []
        for request in columns where !seen.insert(request.name).inserted {
            throw MetricsError(
                .invalidSpecification, source: source, column: request.name,
                message: "column '\(request.name)' is requested twice",
                hint: "use each column for one role only")
        }
    }
}
