import AttestLedger
import AttestMetrics
import AttestRegistry
import Foundation
import Testing

@testable import AttestReports

/// Issue 15's charts: every kind is drawn as inline SVG with a text alternative, and the numbers
/// behind it are in the JSON report. The scenario's v2 also gets a monitoring result, so that
/// the drift histograms are drawn too.
@Suite(.serialized) struct ChartTests {
    /// One `<svg>` of a page: its `aria-label`, `<title>` and `<desc>`.
    struct Chart {
        let label: String
        let title: String?
        let desc: String?
    }

    static func charts(_ html: String) -> [Chart] {
        html.matches(of: /<svg role="img" aria-label="([^"]*)"[^>]*>(<title>([^<]*)<\/title>)?(<desc>([^<]*)<\/desc>)?/).map {
            Chart(label: String($0.1), title: $0.3.map(String.init), desc: $0.5.map(String.init))
        }
    }

    /// The scenario, with v2's scores drifted against its registered test data.
    static func monitoredScenario() throws -> ReportScenario {
        let scenario = try ReportScenario(hostile: false)
        let reference = scenario.folder.appendingPathComponent("test-b.csv")
        let shifted = try String(contentsOf: reference, encoding: .utf8).split(separator: "\n").enumerated().map { index, line in
            guard index > 0 else { return String(line) }
            var fields = line.split(separator: ",").map(String.init)
            fields[3] = String(format: "%.2f", min(1, (Double(fields[3]) ?? 0) + 0.2))
            return fields.joined(separator: ",")
        }
        let current = scenario.folder.appendingPathComponent("current.csv")
        try Data((shifted.joined(separator: "\n") + "\n").utf8).write(to: current)
        scenario.clock.advance()
        try scenario.registry.monitor(
            model: ReportScenario.model, version: 2, reference: reference, current: current, columns: ["score"],
            attestVersion: "test", by: scenario.signer("dana"))
        return scenario
    }

    @Test("ROC, precision-recall and calibration by group, confusion matrices per group, gates, drift and trends are drawn")
    func everyKindIsDrawn() throws {
        let scenario = try Self.monitoredScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let charts = Self.charts(try ReportRenderer().render(report, as: .html))
        let titles = charts.compactMap(\.title)
        for expected in [
            "ROC by sex", "Precision-recall by sex", "Calibration by sex", "Confusion matrix", "Confusion matrix, sex = F",
            "Confusion matrix, sex = M", "Numeric gates: observed value, interval and bound",
        ] {
            #expect(titles.contains(expected), "\(expected) missing from \(Set(titles).sorted())")
        }
        #expect(titles.contains { $0.hasPrefix("score: reference vs current, PSI") }, "\(Set(titles).sorted())")
        #expect(titles.contains { $0.hasSuffix(" by version") }, "a gated metric's trend across versions")
        // Both versions were evaluated: each draws its curves and four confusion matrices... per evaluation.
        #expect(titles.filter { $0 == "Calibration by sex" }.count == report.evaluations.count)
        #expect(charts.contains { $0.label == "Stage timeline" } && charts.contains { $0.label == "Lineage graph" })
        #expect(charts.contains { $0.label.hasSuffix(" by group") }, "per-group metric bars")
    }

    @Test("every chart has a text alternative, and those with a description say the same in aria-label and desc")
    func textAlternatives() throws {
        let scenario = try Self.monitoredScenario()
        defer { scenario.remove() }
        let charts = Self.charts(try ReportRenderer().render(try scenario.report(), as: .html))
        #expect(charts.count > 20)
        for chart in charts {
            #expect(!chart.label.trimmingCharacters(in: .whitespaces).isEmpty)
            if let desc = chart.desc { #expect(desc == chart.label, "\(chart.title ?? "")") }
        }
        // The words carry the numbers: a calibration plot names each group's bins, a confusion
        // matrix its four counts, a drift histogram its PSI.
        let calibration = try #require(charts.first { $0.title == "Calibration by sex" })
        #expect(calibration.label.contains("F") && calibration.label.contains("M") && calibration.label.contains("all rows"))
        let matrix = try #require(charts.first { $0.title == "Confusion matrix, sex = F" })
        #expect(matrix.label.contains("over 200 rows") && matrix.label.contains("true positives"), "\(matrix.label)")
        let drift = try #require(charts.first { $0.title?.hasPrefix("score: reference vs current") == true })
        #expect(drift.label.contains("PSI"), "\(drift.label)")
    }

    @Test("the numbers behind every chart are in the JSON report")
    func numbersInTheJSON() throws {
        let scenario = try Self.monitoredScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let evaluation = try #require(report.evaluations.last)
        let curves = try #require(evaluation.curves)
        #expect(curves.groups.map(\.label).sorted() == ["F", "M"])
        #expect(curves.groups.allSatisfy { $0.curves.calibration?.isEmpty == false && $0.curves.roc?.isEmpty == false })
        #expect(curves.groups.allSatisfy { $0.curves.confusion.rows == 200 })
        let drifted = try #require(report.monitoring.last?.columns.first(where: { $0.name == "score" }))
        #expect(!drifted.bins.isEmpty && drifted.bins.reduce(0) { $0 + $1.reference } == 400)
        #expect(!report.charts.gates.isEmpty && report.charts.gates.allSatisfy { !$0.points.isEmpty })
        #expect(!report.charts.trends.isEmpty)
        let json = try ReportRenderer().render(report, as: .json)
        for key in ["\"calibration\"", "\"confusion\"", "\"bins\"", "\"gates\"", "\"trends\""] { #expect(json.contains(key), "\(key)") }
    }
}
