/// Accumulates one column's values while a reader scans the input.
///
/// A reference type so that the reader's hot loop mutates it in place (no copy-on-write).
/// Only ever used by one reader on one thread.
final class ColumnBuilder {
    let name: String
    let kind: ColumnKind
    private(set) var numbers: [Double] = []
    private(set) var invalidText: [Int: String] = [:]
    private(set) var codes: [Int32] = []
    private let interner = ByteInterner()
    private(set) var numericFailed = false
    private static let invalidTextLimit = 64

    init(name: String, kind: ColumnKind, capacity: Int) {
        self.name = name
        self.kind = kind
        if kind != .categorical { numbers.reserveCapacity(capacity) }
        if kind != .numeric { codes.reserveCapacity(capacity) }
    }

    var count: Int { kind == .categorical ? codes.count : numbers.count }

    /// Appends a field's text.
    /// - Returns: `false` when a new categorical level is not valid UTF-8.
    @inline(__always)
    func append(_ start: UnsafePointer<UInt8>?, _ count: Int, row: Int) -> Bool {
        if kind != .categorical {
            if count > 0, let value = DecimalParser.parse(start!, count) {
                numbers.append(value)
            } else {
                numbers.append(.nan)
                if !Self.isMissingToken(start, count) {
                    numericFailed = true
                    if invalidText.count < Self.invalidTextLimit {
                        invalidText[row] = String(
                            decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
                    }
                }
            }
        }
        if kind != .numeric {
            // The same missing values as numeric columns (docs/evaluation.md, "Missing values").
            if count == 0 || Self.isMissingToken(start, count) {
                codes.append(-1)
            } else {
                guard let code = interner.intern(start, count) else { return false }
                codes.append(code)
            }
        }
        return true
    }

    /// Appends a missing value (JSON `null` or an absent key).
    func appendMissing() {
        if kind != .categorical { numbers.append(.nan) }
        if kind != .numeric { codes.append(-1) }
    }

    /// The finished column.
    func build() -> Column {
        switch kind {
        case .numeric:
            return .numeric(NumericColumn(name: name, values: numbers, invalidText: invalidText))
        case .categorical:
            return .categorical(CategoricalColumn(name: name, codes: codes, levels: interner.levels))
        case .auto:
            if numericFailed {
                return .categorical(CategoricalColumn(name: name, codes: codes, levels: interner.levels))
            }
            return .numeric(NumericColumn(name: name, values: numbers, invalidText: invalidText))
        }
    }

    /// The texts that mean "missing" in every column, CSV and JSON Lines alike (a subset of
    /// pandas' default `na_values`, so that a data frame read by pandas and this reader agree).
    static let missingTokenTexts = ["NA", "N/A", "NaN", "nan", "null", "NULL", "None"]
    private static let missingTokens: [[UInt8]] = missingTokenTexts.map { Array($0.utf8) }

    /// Whether a field is missing: empty or spaces only, or one of ``missingTokenTexts``
    /// surrounded by optional spaces.
    static func isMissingToken(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        var i = 0
        var end = count
        while i < end && start![i] == 0x20 { i += 1 }
        while end > i && start![end - 1] == 0x20 { end -= 1 }
        if i == end { return true }
        outer: for token in missingTokens where token.count == end - i {
            for k in 0..<token.count where token[k] != start![i + k] { continue outer }
            return true
        }
        return false
    }
}
