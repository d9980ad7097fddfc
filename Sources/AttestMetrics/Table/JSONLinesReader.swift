/// Reads JSON Lines: each non-blank line is one flat JSON object whose values are numbers,
/// strings, `true`/`false` or `null` (RFC 8259 syntax). A key absent from a line is a missing
/// value; nested objects and arrays are rejected. Numbers keep their written text when read as
/// categories (so `1` and `1.0` are different levels); booleans read as `true`/`false`.
enum JSONLinesReader {
    private struct Parser {
        let base: UnsafeMutablePointer<UInt8>
        var pos: Int
        let end: Int
        let source: String
        let line: Int
        let row: Int

        func fail(_ message: String) -> MetricsError {
            MetricsError(
                .malformedJSON, source: source, row: row, line: line,
                message: message, hint: "write one flat JSON object per line, e.g. {\"label\": 1, \"score\": 0.7}")
        }

        mutating func skipSpace() {
            while pos < end {
                let b = base[pos]
                if b == 0x20 || b == 0x09 || b == 0x0D { pos += 1 } else { break }
            }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            skipSpace()
            guard pos < end, base[pos] == byte else { throw fail("expected \(what) at character \(pos + 1 - lineStart)") }
            pos += 1
        }

        var lineStart = 0

        /// Decodes a string in place; returns its start and length.
        mutating func string() throws -> (Int, Int) {
            guard pos < end, base[pos] == 0x22 else { throw fail("expected a string at character \(pos + 1 - lineStart)") }
            pos += 1
            let start = pos
            var write = pos
            while true {
                guard pos < end else { throw fail("unterminated string") }
                let b = base[pos]
                if b == 0x22 {
                    pos += 1
                    break
                }
                if b < 0x20 { throw fail("control character inside a string") }
                if b == 0x5C {
                    guard pos + 1 < end else { throw fail("unterminated escape") }
                    let e = base[pos + 1]
                    pos += 2
                    var out: UInt8
                    switch e {
                    case 0x22: out = 0x22
                    case 0x5C: out = 0x5C
                    case 0x2F: out = 0x2F
                    case 0x62: out = 0x08
                    case 0x66: out = 0x0C
                    case 0x6E: out = 0x0A
                    case 0x72: out = 0x0D
                    case 0x74: out = 0x09
                    case 0x75:
                        var scalar = try hex4()
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            guard pos + 1 < end, base[pos] == 0x5C, base[pos + 1] == 0x75 else {
                                throw fail("unpaired surrogate in \\u escape")
                            }
                            pos += 2
                            let low = try hex4()
                            guard low >= 0xDC00 && low < 0xE000 else { throw fail("unpaired surrogate in \\u escape") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if scalar >= 0xDC00 && scalar < 0xE000 {
                            throw fail("unpaired surrogate in \\u escape")
                        }
                        // A \u escape is at least 6 bytes and encodes to at most 4: fits in place.
                        for byte in Array(String(Unicode.Scalar(scalar)!).utf8) {
                            base[write] = byte
                            write += 1
                        }
                        continue
                    default: throw fail("invalid escape \\\(Character(Unicode.Scalar(e)))")
                    }
                    base[write] = out
                    write += 1
                    continue
                }
                base[write] = b
                write += 1
                pos += 1
            }
            return (start, write - start)
        }

        mutating func hex4() throws -> UInt32 {
            guard pos + 4 <= end else { throw fail("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = base[pos]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw fail("invalid \\u escape")
                }
                v = v * 16 + d
                pos += 1
            }
            return v
        }

        func matches(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard pos + n <= end else { return false }
            let p = literal.utf8Start
            for k in 0..<n where base[pos + k] != p[k] { return false }
            return true
        }
    }

    private enum Value {
        case text(Int, Int)
        case null
    }

    static func read(bytes: inout [UInt8], source: String, columns: [ColumnRequest]) throws -> DataTable {
        try bytes.withUnsafeMutableBufferPointer { buffer -> DataTable in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                throw MetricsError(
                    .emptyInput, source: source, message: "the input is empty",
                    hint: "provide a JSON Lines file with one object per line")
            }
            var state = Columns(requests: columns)
            var rowLines: [Int32] = []
            var row = 0
            var line = 0
            var pos = 0
            if buffer.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }
            let count = buffer.count
            while pos < count {
                line += 1
                var lineEnd = pos
                while lineEnd < count && base[lineEnd] != 0x0A { lineEnd += 1 }
                let next = lineEnd + 1
                var parser = Parser(base: base, pos: pos, end: lineEnd, source: source, line: line, row: row + 1)
                parser.lineStart = pos
                parser.skipSpace()
                if parser.pos == lineEnd {
                    pos = next
                    continue
                }
                try readObject(&parser, into: &state, row: row)
                rowLines.append(Int32(truncatingIfNeeded: line))
                row += 1
                pos = next
            }
            if row == 0 {
                throw MetricsError(
                    .emptyInput, source: source, message: "the input has no JSON objects",
                    hint: "provide a JSON Lines file with one object per line")
            }
            return DataTable(
                source: source, availableColumns: state.available, rowCount: row, columns: try state.build(source: source),
                rowLines: rowLines)
        }
    }

    /// The requested columns being filled, and every key seen so far.
    private struct Columns {
        var builders: [ColumnBuilder] = []
        var requestedBytes: [[UInt8]] = []
        /// Whether the current line gave each requested column a value.
        var filled: [Bool] = []
        var seenKeys: [[UInt8]] = []
        var available: [String] = []

        init(requests: [ColumnRequest]) {
            for request in requests where !builders.contains(where: { $0.name == request.name }) {
                builders.append(ColumnBuilder(name: request.name, kind: request.kind, capacity: 1024))
                requestedBytes.append(Array(request.name.utf8))
            }
            filled = [Bool](repeating: false, count: builders.count)
        }

        /// The finished columns; a requested column no line had is an unknown column.
        func build(source: String) throws -> [String: Column] {
            var built: [String: Column] = [:]
            for (k, builder) in builders.enumerated() {
                guard seenKeys.contains(where: { $0 == requestedBytes[k] }) else {
                    throw DataTable.unknownColumnError(source: source, name: builder.name, available: available)
                }
                built[builder.name] = builder.build()
            }
            return built
        }
    }

    /// Reads one line's object and appends its values (a missing value for an absent key).
    private static func readObject(_ parser: inout Parser, into state: inout Columns, row: Int) throws {
        let base = parser.base
        let lineEnd = parser.end
        for k in state.filled.indices { state.filled[k] = false }
        var keysThisRow: [(Int, Int)] = []
        try parser.expect(0x7B, "'{'")
        parser.skipSpace()
        if parser.pos < lineEnd && base[parser.pos] == 0x7D {
            parser.pos += 1
        } else {
            while true {
                parser.skipSpace()
                let (keyStart, keyLength) = try parser.string()
                for (s, l) in keysThisRow where l == keyLength && memoryEqual(base + s, base + keyStart, l) {
                    throw parser.fail("key '\(text(base + keyStart, keyLength))' appears twice in the object")
                }
                keysThisRow.append((keyStart, keyLength))
                try note(key: keyStart, keyLength, in: &state, parser: parser)
                try parser.expect(0x3A, "':'")
                parser.skipSpace()
                let value = try value(&parser)
                try store(value, key: keyStart, keyLength, in: &state, parser: parser)
                parser.skipSpace()
                guard parser.pos < lineEnd else { throw parser.fail("expected ',' or '}'") }
                if base[parser.pos] == 0x2C {
                    parser.pos += 1
                    continue
                }
                if base[parser.pos] == 0x7D {
                    parser.pos += 1
                    break
                }
                throw parser.fail("expected ',' or '}' at character \(parser.pos + 1 - parser.lineStart)")
            }
        }
        parser.skipSpace()
        if parser.pos != lineEnd { throw parser.fail("unexpected text after the object") }
        for k in state.filled.indices where !state.filled[k] { state.builders[k].appendMissing() }
    }

    /// Records a key the first time any line has it (the columns available).
    private static func note(key keyStart: Int, _ keyLength: Int, in state: inout Columns, parser: Parser) throws {
        let base = parser.base
        guard !state.seenKeys.contains(where: { $0.count == keyLength && memoryEqual($0, base + keyStart) }) else { return }
        let key = Array(UnsafeBufferPointer(start: base + keyStart, count: keyLength))
        guard let name = String(validating: key, as: UTF8.self) else {
            throw MetricsError(
                .invalidEncoding, source: parser.source, row: parser.row, line: parser.line,
                message: "a key is not valid UTF-8", hint: "save the file as UTF-8")
        }
        state.seenKeys.append(key)
        state.available.append(name)
    }

    /// Reads one value: a string, `true`, `false`, `null` or a number (kept as its text).
    private static func value(_ parser: inout Parser) throws -> Value {
        let base = parser.base
        let lineEnd = parser.end
        guard parser.pos < lineEnd else { throw parser.fail("missing value") }
        let b = base[parser.pos]
        if b == 0x22 {
            let (s, l) = try parser.string()
            return .text(s, l)
        }
        if parser.matches("true") {
            parser.pos += 4
            return .text(parser.pos - 4, 4)
        }
        if parser.matches("false") {
            parser.pos += 5
            return .text(parser.pos - 5, 5)
        }
        if parser.matches("null") {
            parser.pos += 4
            return .null
        }
        if b == 0x2D || (b >= 0x30 && b <= 0x39) {
            let s = parser.pos
            while parser.pos < lineEnd {
                let c = base[parser.pos]
                guard (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 else { break }
                parser.pos += 1
            }
            guard DecimalParser.parse(base + s, parser.pos - s) != nil else {
                throw parser.fail("invalid number '\(text(base + s, parser.pos - s))'")
            }
            return .text(s, parser.pos - s)
        }
        if b == 0x7B || b == 0x5B { throw parser.fail("nested objects and arrays are not supported") }
        throw parser.fail("invalid value at character \(parser.pos + 1 - parser.lineStart)")
    }

    /// Appends `value` to the column the key names, when it is requested.
    private static func store(_ value: Value, key keyStart: Int, _ keyLength: Int, in state: inout Columns, parser: Parser) throws {
        let base = parser.base
        for k in state.requestedBytes.indices
        where state.requestedBytes[k].count == keyLength && memoryEqual(state.requestedBytes[k], base + keyStart) {
            state.filled[k] = true
            switch value {
            case .null:
                state.builders[k].appendMissing()
            case .text(let s, let l):
                if !state.builders[k].append(base + s, l, row: parser.row - 1) {
                    throw MetricsError(
                        .invalidEncoding, source: parser.source, row: parser.row, line: parser.line,
                        column: state.builders[k].name, message: "the value is not valid UTF-8", hint: "save the file as UTF-8")
                }
            }
        }
    }

    private static func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    private static func memoryEqual(_ a: [UInt8], _ b: UnsafePointer<UInt8>) -> Bool {
        for k in a.indices where a[k] != b[k] { return false }
        return true
    }

    private static func text(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}
