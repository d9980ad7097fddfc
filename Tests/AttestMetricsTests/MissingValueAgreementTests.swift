import Foundation
import Testing

@testable import AttestMetrics

/// CSV and JSON Lines agree on which values are missing, in numeric and categorical (label and
/// sensitive) columns alike (docs/evaluation.md, "Missing values").
@Suite("Missing values: CSV and JSON Lines agree")
struct MissingValueAgreementTests {
    /// Texts that are missing, as a CSV field and as a JSON string.
    static let missing = ["", " ", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", " NA ", "  null"]
    /// Texts that are values (a categorical level), however close to a token.
    static let present = ["none", "n/a", "na", "NA1", "Null", "x"]

    static let columns = [ColumnRequest("label", .categorical), ColumnRequest("group", .categorical), ColumnRequest("w", .numeric)]

    /// Row 2 holds `text` in every column; row 1 is complete.
    static func tables(_ text: String) throws -> (csv: DataTable, jsonl: DataTable) {
        let csv = "label,group,w\n1,a,1\n\(text),\(text),\(text)\n"
        let json = text.replacingOccurrences(of: "\"", with: "\\\"")
        let jsonl = "{\"label\": \"1\", \"group\": \"a\", \"w\": 1}\n{\"label\": \"\(json)\", \"group\": \"\(json)\", \"w\": \"\(json)\"}\n"
        return (
            try DataTable.read(bytes: Array(csv.utf8), source: "t.csv", format: .csv, columns: columns),
            try DataTable.read(bytes: Array(jsonl.utf8), source: "t.jsonl", format: .jsonLines, columns: columns)
        )
    }

    /// Whether row 2 of each requested column is missing.
    static func missingFlags(_ table: DataTable) throws -> [Bool] {
        try ["label", "group", "w"].map { name in
            switch try table.column(name) {
            case .categorical(let c): return c.codes[1] < 0
            case .numeric(let c): return c.values[1].isNaN && c.invalid(at: 1) == nil
            }
        }
    }

    @Test("a missing token is missing in every column kind, in both formats", arguments: missing)
    func tokenIsMissing(_ text: String) throws {
        let (csv, jsonl) = try Self.tables(text)
        #expect(try Self.missingFlags(csv) == [true, true, true], "CSV '\(text)'")
        #expect(try Self.missingFlags(jsonl) == [true, true, true], "JSON Lines '\(text)'")
    }

    @Test("a text that only resembles a token is a value in both formats", arguments: present)
    func lookalikeIsPresent(_ text: String) throws {
        let (csv, jsonl) = try Self.tables(text)
        for table in [csv, jsonl] {
            guard case .categorical(let group) = try table.column("group"), case .numeric(let w) = try table.column("w") else {
                Issue.record("column kinds")
                return
            }
            #expect(group.codes[1] >= 0 && group.levels[Int(group.codes[1])] == text, "\(table.source) '\(text)'")
            #expect(w.invalid(at: 1) == text, "\(table.source): '\(text)' is an invalid number, not a missing one")
        }
    }

    @Test("JSON null and an absent key are missing like the tokens")
    func jsonNullAndAbsent() throws {
        let text = "{\"label\": \"1\", \"group\": \"a\", \"w\": 1}\n{\"label\": null, \"group\": null, \"w\": null}\n{}\n"
        let table = try DataTable.read(bytes: Array(text.utf8), source: "t.jsonl", format: .jsonLines, columns: Self.columns)
        #expect(try Self.missingFlags(table) == [true, true, true])
        guard case .categorical(let group) = try table.column("group") else { return }
        #expect(group.codes[2] < 0)
    }

    @Test("an evaluation drops the same rows from CSV and JSON Lines", arguments: missing)
    func evaluationAgrees(_ text: String) throws {
        let json = text.replacingOccurrences(of: "\"", with: "\\\"")
        var csv = "label,prediction,group\n"
        var jsonl = ""
        for i in 0..<8 {
            let group = i == 5 ? text : (i % 2 == 0 ? "a" : "b")
            csv += "\(i % 2),\(i % 3 == 0 ? 1 : 0),\(group)\n"
            jsonl += "{\"label\": \(i % 2), \"prediction\": \(i % 3 == 0 ? 1 : 0), \"group\": \"\(i == 5 ? json : group)\"}\n"
        }
        let spec = EvaluationSpec(label: "label", prediction: "prediction", sensitive: ["group"], minGroupSize: 0, dropMissing: true)
        let fromCSV = try Evaluator.evaluate(bytes: Array(csv.utf8), source: "e.csv", format: .csv, spec: spec)
        let fromJSONL = try Evaluator.evaluate(bytes: Array(jsonl.utf8), source: "e.jsonl", format: .jsonLines, spec: spec)
        #expect(fromCSV.droppedRows == 1)
        #expect(fromJSONL.droppedRows == 1)
        #expect(fromCSV.groupings[0].groups.map(\.label) == ["a", "b"])
        #expect(fromJSONL.groupings[0].groups.map(\.label) == ["a", "b"])
        #expect(fromCSV.overall == fromJSONL.overall)
    }
}
