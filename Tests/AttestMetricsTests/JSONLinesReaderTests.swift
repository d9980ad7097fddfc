import Testing

@testable import AttestMetrics

@Suite struct JSONLinesReaderTests {
    func read(_ text: String, _ columns: [ColumnRequest]) throws -> DataTable {
        try DataTable.read(bytes: Array(text.utf8), source: "test.jsonl", format: .jsonLines, columns: columns)
    }

    @Test("values: numbers, strings with escapes, booleans, null, absent keys")
    func values() throws {
        let text = """
            {"y": 1, "s": "a\\"b\\u00e9", "b": true, "x": 0.5}
            {"y": 0, "s": null, "b": false}

            {"s": "\\ud83d\\ude00", "y": 1, "x": -2e3, "b": true}
            """
        let table = try read(
            text,
            [
                ColumnRequest("y", .categorical), ColumnRequest("s", .categorical),
                ColumnRequest("b", .categorical), ColumnRequest("x", .numeric),
            ])
        #expect(table.rowCount == 3)
        #expect(table.line(ofRow: 2) == 4)
        guard case .categorical(let s) = table.columns["s"]!, case .numeric(let x) = table.columns["x"]!,
            case .categorical(let b) = table.columns["b"]!
        else {
            Issue.record("kinds")
            return
        }
        #expect(s.codes[1] == -1)
        #expect(s.levels == ["a\"bé", "😀"])
        #expect(b.levels == ["true", "false"])
        #expect(x.values[0] == 0.5 && x.values[1].isNaN && x.values[2] == -2000)
    }

    @Test(
        "malformed lines name the line",
        arguments: [
            "{\"a\": 1}\n{\"a\": }\n", "{\"a\": 1}\n[1, 2]\n", "{\"a\": 1}\n{\"a\": {\"b\": 1}}\n",
            "{\"a\": 1}\n{\"a\": 1, \"a\": 2}\n", "{\"a\": 1}\n{\"a\": 1} x\n", "{\"a\": 1}\n{\"a\": \"open}\n",
            "{\"a\": 1}\n{\"a\": 01.2.3}\n",
        ])
    func malformed(text: String) throws {
        let error = try #require(throws: MetricsError.self) { try read(text, [ColumnRequest("a", .categorical)]) }
        #expect(error.code == .malformedJSON)
        #expect(error.line == 2)
        #expect(error.row == 2)
    }

    @Test("a key that never occurs is an unknown column")
    func unknownKey() throws {
        let error = try #require(throws: MetricsError.self) { try read("{\"a\": 1}\n", [ColumnRequest("b", .numeric)]) }
        #expect(error.code == .unknownColumn)
        #expect(error.message.contains("available columns: a"))
    }
}
