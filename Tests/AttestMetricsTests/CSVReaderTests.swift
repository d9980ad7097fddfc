import Testing

@testable import AttestMetrics

@Suite struct CSVReaderTests {
    func read(_ text: String, _ columns: [ColumnRequest]) throws -> DataTable {
        try DataTable.read(bytes: Array(text.utf8), source: "test.csv", format: .csv, columns: columns)
    }

    func categorical(_ table: DataTable, _ name: String) -> [String] {
        guard case .categorical(let c) = table.columns[name]! else { return [] }
        return c.codes.map { $0 < 0 ? "<missing>" : c.levels[Int($0)] }
    }

    @Test("RFC 4180 quoting: embedded commas, doubled quotes, newlines", arguments: ["\n", "\r\n"])
    func quoting(newline: String) throws {
        let text =
            "a,b,c" + newline + "1,\"x, y\",3" + newline + "2,\"say \"\"hi\"\"\",4" + newline
            + "3,\"two" + newline + "lines\",5" + newline + "4,plain,6" + newline
        let table = try read(text, [ColumnRequest("b", .categorical), ColumnRequest("c", .numeric)])
        #expect(table.rowCount == 4)
        #expect(categorical(table, "b") == ["x, y", "say \"hi\"", "two" + newline + "lines", "plain"])
        #expect(table.line(ofRow: 3) == 6)  // the quoted newline shifts the physical line
        guard case .numeric(let c) = table.columns["c"]! else {
            Issue.record("not numeric")
            return
        }
        #expect(c.values == [3, 4, 5, 6])
    }

    @Test("byte-order mark, no final newline, blank lines")
    func bomAndBlankLines() throws {
        let text = "\u{FEFF}label,score\n1,0.5\n\n0,0.25"
        let table = try read(text, [ColumnRequest("label", .categorical), ColumnRequest("score", .numeric)])
        #expect(table.rowCount == 2)
        #expect(table.availableColumns == ["label", "score"])
        #expect(table.line(ofRow: 1) == 4)
    }

    @Test("ragged row names the row and line")
    func ragged() throws {
        let error = try #require(throws: MetricsError.self) {
            try read("a,b\n1,2\n3\n", [ColumnRequest("a", .numeric)])
        }
        #expect(error.code == .raggedRow)
        #expect(error.row == 2)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("test.csv:3: error: row 2"))
    }

    @Test("unknown column lists the available ones")
    func unknownColumn() throws {
        let error = try #require(throws: MetricsError.self) {
            try read("a,b\n1,2\n", [ColumnRequest("c", .numeric)])
        }
        #expect(error.code == .unknownColumn)
        #expect(error.message.contains("available columns: a, b"))
    }

    @Test("malformed quotes", arguments: ["a\n\"open\n", "a\n\"x\"y\n", "a\nx\"y\n"])
    func malformedQuotes(text: String) throws {
        let error = try #require(throws: MetricsError.self) { try read(text, [ColumnRequest("a", .categorical)]) }
        #expect(error.code == .malformedQuote)
        #expect(error.line != nil)
    }

    @Test(
        "numbers parse exactly like Python float()",
        arguments: [
            ("0.1", 0.1), ("-2.5e-3", -2.5e-3), ("1e22", 1e22), ("123456789012345678901234", 123456789012345678901234.0),
            ("0.30000000000000004", 0.30000000000000004), (" 7 ", 7), ("+3.", 3), (".5", 0.5), ("4.9e-324", Double.leastNonzeroMagnitude),
        ])
    func numbers(text: String, value: Double) throws {
        let table = try read("x\n\(text)\n", [ColumnRequest("x", .numeric)])
        guard case .numeric(let c) = table.columns["x"]! else {
            Issue.record("not numeric")
            return
        }
        #expect(c.values[0] == value)
    }

    @Test("invalid and missing numbers", arguments: ["abc", "1.2.3", "inf", "0x10", "1e"])
    func invalidNumbers(text: String) throws {
        let table = try read("x\n\(text)\nNA\n", [ColumnRequest("x", .numeric)])
        guard case .numeric(let c) = table.columns["x"]! else {
            Issue.record("not numeric")
            return
        }
        #expect(c.values[0].isNaN && c.values[1].isNaN)
        #expect(c.invalid(at: 0) == text)
        #expect(c.invalid(at: 1) == nil)
    }

    @Test("auto columns become categorical on non-numbers")
    func autoKind() throws {
        let table = try read("x,y\n1,a\n2.5,3\n", [ColumnRequest("x", .auto), ColumnRequest("y", .auto)])
        if case .numeric = table.columns["x"]! {} else { Issue.record("x should be numeric") }
        if case .categorical = table.columns["y"]! {} else { Issue.record("y should be categorical") }
    }
}
