/// Reads CSV per RFC 4180 from bytes: a header row; fields separated by commas; records ended
/// by CRLF, LF or a lone CR; fields may be enclosed in double quotes, and then may contain
/// commas, line breaks and doubled quotes (`""` for `"`). A UTF-8 byte-order mark is skipped.
/// Blank lines are skipped. Every record must have as many fields as the header.
enum CSVReader {
    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private enum Terminator { case comma, record, end }

    /// Scans fields in place; quoted fields are unescaped in place (the result is never longer).
    private struct Scanner {
        let base: UnsafeMutablePointer<UInt8>
        let count: Int
        var pos = 0
        var line = 1
        let source: String

        /// Scans one field; returns its start and length and what ended it.
        @inline(__always)
        mutating func field() throws -> (start: Int, length: Int, terminator: Terminator) {
            let start: Int
            let length: Int
            if pos < count && base[pos] == quote {
                let openLine = line
                pos += 1
                start = pos
                var write = pos
                while true {
                    guard pos < count else {
                        throw MetricsError(
                            .malformedQuote, source: source, line: openLine,
                            message: "a quoted field opened on line \(openLine) is never closed",
                            hint: "close the quote, and write a quote inside a quoted field as two quotes (\"\")")
                    }
                    let b = base[pos]
                    if b == quote {
                        if pos + 1 < count && base[pos + 1] == quote {
                            base[write] = quote
                            write += 1
                            pos += 2
                            continue
                        }
                        pos += 1
                        break
                    }
                    if b == lf { line += 1 }
                    base[write] = b
                    write += 1
                    pos += 1
                }
                length = write - start
                if pos < count {
                    let b = base[pos]
                    if b != comma && b != lf && b != cr {
                        throw MetricsError(
                            .malformedQuote, source: source, line: line,
                            message: "unexpected character after a closing quote",
                            hint: "enclose the whole field in quotes and double any quote inside it")
                    }
                }
            } else {
                start = pos
                while pos < count {
                    let b = base[pos]
                    if b == comma || b == lf || b == cr { break }
                    if b == quote {
                        throw MetricsError(
                            .malformedQuote, source: source, line: line,
                            message: "a quote inside an unquoted field",
                            hint: "enclose the field in quotes and double the quote (RFC 4180)")
                    }
                    pos += 1
                }
                length = pos - start
            }
            if pos >= count { return (start, length, .end) }
            let b = base[pos]
            pos += 1
            if b == comma { return (start, length, .comma) }
            if b == cr && pos < count && base[pos] == lf { pos += 1 }
            line += 1
            return (start, length, .record)
        }
    }

    static func read(bytes: inout [UInt8], source: String, columns: [ColumnRequest]) throws -> DataTable {
        try bytes.withUnsafeMutableBufferPointer { buffer -> DataTable in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                throw MetricsError(
                    .emptyInput, source: source, message: "the input is empty",
                    hint: "provide a CSV file with a header row and data rows")
            }
            var scanner = Scanner(base: base, count: buffer.count, source: source)
            if buffer.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { scanner.pos = 3 }
            while scanner.pos < scanner.count && (base[scanner.pos] == lf || base[scanner.pos] == cr) {
                if base[scanner.pos] == lf { scanner.line += 1 }
                scanner.pos += 1
            }
            guard scanner.pos < scanner.count else {
                throw MetricsError(
                    .emptyInput, source: source, message: "the input has no header row",
                    hint: "provide a CSV file with a header row and data rows")
            }
            // Header.
            var header: [String] = []
            while true {
                let headerLine = scanner.line
                let (start, length, terminator) = try scanner.field()
                guard let name = String(validating: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self) else {
                    throw MetricsError(
                        .invalidEncoding, source: source, line: headerLine,
                        message: "the header is not valid UTF-8", hint: "save the file as UTF-8")
                }
                header.append(name)
                if terminator != .comma { break }
            }
            var index: [String: Int] = [:]
            for (i, name) in header.enumerated() {
                if index[name] != nil {
                    throw MetricsError(
                        .duplicateColumn, source: source, line: 1, column: name,
                        message: "the header names column '\(name)' twice", hint: "give every column a distinct name")
                }
                index[name] = i
            }
            let estimatedRows = max(16, buffer.count / max(1, 4 * header.count))
            var slots = [ColumnBuilder?](repeating: nil, count: header.count)
            var builders: [ColumnBuilder] = []
            for request in columns where !builders.contains(where: { $0.name == request.name }) {
                guard let i = index[request.name] else {
                    throw DataTable.unknownColumnError(source: source, name: request.name, available: header)
                }
                let builder = ColumnBuilder(name: request.name, kind: request.kind, capacity: estimatedRows)
                slots[i] = builder
                builders.append(builder)
            }
            var rowLines: [Int32] = []
            rowLines.reserveCapacity(estimatedRows)
            var row = 0
            let fieldCount = header.count
            while scanner.pos < scanner.count {
                let b = base[scanner.pos]
                if b == lf || b == cr {  // blank line
                    scanner.pos += 1
                    if b == cr && scanner.pos < scanner.count && base[scanner.pos] == lf { scanner.pos += 1 }
                    scanner.line += 1
                    continue
                }
                let recordLine = scanner.line
                var field = 0
                while true {
                    let (start, length, terminator) = try scanner.field()
                    if field < fieldCount, let builder = slots[field] {
                        if !builder.append(base + start, length, row: row) {
                            throw MetricsError(
                                .invalidEncoding, source: source, row: row + 1, line: recordLine, column: builder.name,
                                message: "the value is not valid UTF-8", hint: "save the file as UTF-8")
                        }
                    }
                    field += 1
                    if terminator != .comma { break }
                }
                if field != fieldCount {
                    throw MetricsError(
                        .raggedRow, source: source, row: row + 1, line: recordLine,
                        message: "the record has \(field) field\(field == 1 ? "" : "s") but the header has \(fieldCount)",
                        hint: "make every row have the header's number of fields; quote fields that contain commas")
                }
                rowLines.append(Int32(truncatingIfNeeded: recordLine))
                row += 1
            }
            var built: [String: Column] = [:]
            for builder in builders { built[builder.name] = builder.build() }
            return DataTable(source: source, availableColumns: header, rowCount: row, columns: built, rowLines: rowLines)
        }
    }
}
