import Foundation
import Testing

@testable import AttestMetrics

@Suite struct EvaluatorTests {
    func evaluate(_ text: String, _ spec: EvaluationSpec) throws -> EvaluationReport {
        try Evaluator.evaluate(bytes: Array(text.utf8), source: "t.csv", format: .csv, spec: spec)
    }

    @Test("a group without positive labels has undefined recall and disparities, never a silent 0")
    func undefinedValues() throws {
        let report = try Evaluator.evaluate(
            file: Fixtures.path("no_positives.csv"),
            spec: EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["group"]))
        let grouping = report.groupings[0]
        let c = try #require(grouping.groups.first { $0.label == "C" })
        #expect(c.metrics["recall"]?.undefinedReason?.contains("no positive labels") == true)
        #expect(c.metrics["roc_auc"]?.value == nil)
        #expect(c.metrics["precision"]?.value == nil)
        let eo = try #require(grouping.disparities.first { $0.name == "equal_opportunity_difference" })
        #expect(eo.value.undefinedReason?.contains("group C") == true)
        let dpr = try #require(grouping.disparities.first { $0.name == "demographic_parity_ratio" && $0.method == "between_groups" })
        #expect(dpr.value == .defined(0))
        #expect(grouping.fourFifths?.passes == false)
    }

    @Test("small groups are insufficient but still reported", arguments: [31, 5])
    func insufficient(minGroupSize: Int) throws {
        let spec = EvaluationSpec(
            label: "outcome", prediction: "decision", sensitive: ["race"], posLabel: "approved", minGroupSize: minGroupSize)
        let report = try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
        let c = try #require(report.groupings[0].groups.first { $0.label == "C" })
        #expect(c.count == 30)
        #expect(c.insufficient == (minGroupSize == 31))
        #expect(report.groupings[0].groups.filter { !$0.insufficient }.count >= 2)
    }

    @Test("sufficient-only disparities ignore small groups")
    func sufficientOnly() throws {
        var spec = EvaluationSpec(
            label: "outcome", prediction: "decision", sensitive: ["race"], posLabel: "approved", minGroupSize: 31)
        let all = try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
        spec.disparityGroups = .sufficientOnly
        let some = try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
        #expect(all.groupings[0].disparities[0].value != some.groupings[0].disparities[0].value)
        #expect(some.groupings[0].fourFifths?.lowestGroup != "C" && some.groupings[0].fourFifths?.highestGroup != "C")
    }

    @Test("string labels need posLabel")
    func posLabel() throws {
        let text = "y,p,g\napproved,denied,a\ndenied,denied,b\n"
        let error = try #require(throws: MetricsError.self) {
            try evaluate(text, EvaluationSpec(label: "y", prediction: "p", sensitive: ["g"]))
        }
        #expect(error.code == .invalidLabels)
        #expect(error.hint.contains("posLabel"))
        let report = try evaluate(text, EvaluationSpec(label: "y", prediction: "p", sensitive: ["g"], posLabel: "approved"))
        #expect(report.overall["recall"] == .defined(0))
        #expect(report.positiveLabel == "approved")
    }

    @Test("true/false and 1.0/0.0 labels are binary", arguments: ["true,false", "1.0,0", "TRUE,0.0"])
    func booleanLabels(pair: String) throws {
        let values = pair.split(separator: ",")
        let text = "y,p\n\(values[0]),\(values[0])\n\(values[1]),\(values[0])\n"
        let report = try evaluate(text, EvaluationSpec(label: "y", prediction: "p"))
        #expect(report.overall["selection_rate"] == .defined(1))
        #expect(report.overall["precision"] == .defined(0.5))
    }

    @Test("missing values fail with row and column, or are dropped and counted")
    func missing() throws {
        let text = "y,p,s,g\n1,1,0.9,a\n0,1,,a\n1,0,abc,b\n0,0,0.2,b\n"
        let spec = EvaluationSpec(label: "y", prediction: "p", score: "s", sensitive: ["g"])
        let error = try #require(throws: MetricsError.self) { try evaluate(text, spec) }
        #expect(error.code == .missingValue)
        #expect(error.row == 2 && error.line == 3 && error.column == "s")
        var dropping = spec
        dropping.dropMissing = true
        let report = try evaluate(text, dropping)
        #expect(report.droppedRows == 2)
        #expect(report.evaluatedRows == 2)
        #expect(report.overall["roc_auc"] == .defined(1))
        let invalid = try #require(throws: MetricsError.self) {
            try evaluate("y,p,s\n1,1,abc\n", EvaluationSpec(label: "y", prediction: "p", score: "s"))
        }
        #expect(invalid.code == .invalidValue && invalid.message.contains("'abc'"))
    }

    @Test("scores outside [0, 1] leave roc_auc defined but not log_loss")
    func scoresNotProbabilities() throws {
        let report = try evaluate("y,p,s\n1,1,2.5\n0,0,-1\n", EvaluationSpec(label: "y", prediction: "p", score: "s"))
        #expect(report.overall["roc_auc"] == .defined(1))
        #expect(report.overall["log_loss"]?.value == nil)
        #expect(report.overall["brier_score"]?.value == nil)
    }

    @Test("intersection groups cover every combination present")
    func intersection() throws {
        let spec = EvaluationSpec(label: "outcome", prediction: "decision", sensitive: ["sex", "race"], posLabel: "approved")
        let report = try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
        #expect(report.groupings.count == 3)
        let intersection = report.groupings[2]
        #expect(intersection.isIntersection && intersection.columns == ["sex", "race"])
        #expect(intersection.groups.map(\.count).reduce(0, +) == report.evaluatedRows)
        #expect(intersection.groups.map(\.label) == intersection.groups.map(\.label).sorted())
        #expect(intersection.disparities.count == 16)
    }

    @Test("reports round-trip through JSON exactly, undefined values included")
    func codable() throws {
        let report = try Evaluator.evaluate(
            file: Fixtures.path("no_positives.csv"),
            spec: EvaluationSpec(
                label: "label", prediction: "prediction", score: "score", sensitive: ["group"],
                bootstrap: BootstrapSpec(replicates: 20, seed: 1)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        let decoded = try JSONDecoder().decode(EvaluationReport.self, from: data)
        #expect(decoded == report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("{\"undefined\":\"no positive labels"))
    }

    @Test("metric catalogue names")
    func catalog() {
        #expect(MetricCatalog.disparities.count == 6)
        #expect(Set(MetricCatalog.performance).isSuperset(of: ["roc_auc", "log_loss", "brier_score", "mae", "rmse", "r2", "f1"]))
        #expect(MetricCatalog.drift == ["psi", "ks_statistic", "ks_pvalue", "js_distance", "chi2_statistic", "chi2_pvalue"])
        #expect(Set(DisparityCalculator.layout.map(\.name)) == Set(MetricCatalog.disparities))
    }

    @Test("the four-fifths rule passes a ratio of exactly 0.8 and fails one just below")
    func fourFifthsBoundary() {
        let exact = FourFifthsRule.evaluate(rates: [.defined(0.4), .defined(0.5)], labels: ["a", "b"])
        #expect(exact.ratio == .defined(0.8))
        #expect(exact.passes == true)
        let below = FourFifthsRule.evaluate(rates: [.defined(0.399), .defined(0.5)], labels: ["a", "b"])
        #expect(below.passes == false)
    }

    @Test("a ratio to overall inverts a group above the overall value, as fairlearn's to_overall does")
    func ratioToOverallInverts() {
        let series = DisparityCalculator.Series(
            name: "selection_rate", groups: [.defined(0.5), .defined(0.9)], labels: ["a", "b"], overall: .defined(0.6))
        let ratio = DisparityCalculator.ratio(series, toOverall: true)
        #expect(abs((ratio.value ?? .nan) - 0.6 / 0.9) < 1e-12, "\(ratio)")
    }
}
