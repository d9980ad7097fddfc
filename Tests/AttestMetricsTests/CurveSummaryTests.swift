import Foundation
import Testing

@testable import AttestMetrics

/// The curve summary an evaluation records agrees with scikit-learn, thinned by the documented
/// rule (curve_summary_reference.json, written by scripts/oracles/curves_reference.py).
@Suite struct CurveSummaryTests {
    static var cases: [[String: Any]] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: Fixtures.path("curve_summary_reference.json")))
        return (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["cases"] as! [[String: Any]]
    }

    static func evaluate(weighted: Bool) throws -> EvaluationReport {
        let spec = EvaluationSpec(
            label: "outcome", prediction: "decision", score: "score", sensitive: ["sex", "race"], weight: weighted ? "weight" : nil,
            posLabel: "approved")
        return try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
    }

    static func check(_ summary: CurveSummary, _ expected: [String: Any], _ what: String) {
        let confusion = expected["confusion"] as! [String: Any]
        let got = summary.confusion
        CurvesTests.close(
            [got.truePositive, got.falsePositive, got.trueNegative, got.falseNegative],
            ["tp", "fp", "tn", "fn"].map { confusion[$0] as? Double }, "\(what) confusion")
        #expect(got.rows == confusion["rows"] as? Int, "\(what) rows")
        let roc = expected["roc"] as! [String: Any]
        CurvesTests.close(summary.roc?.map(\.x) ?? [], CurvesTests.numbers(roc["fpr"]), "\(what) fpr")
        CurvesTests.close(summary.roc?.map(\.y) ?? [], CurvesTests.numbers(roc["tpr"]), "\(what) tpr")
        CurvesTests.close(summary.roc?.map(\.threshold) ?? [], CurvesTests.numbers(roc["thresholds"]), "\(what) roc thresholds")
        let pr = expected["pr"] as! [String: Any]
        CurvesTests.close(summary.precisionRecall?.map(\.y) ?? [], CurvesTests.numbers(pr["precision"]), "\(what) precision")
        CurvesTests.close(summary.precisionRecall?.map(\.x) ?? [], CurvesTests.numbers(pr["recall"]), "\(what) recall")
        CurvesTests.close(summary.precisionRecall?.map(\.threshold) ?? [], CurvesTests.numbers(pr["thresholds"]), "\(what) pr thresholds")
        let calibration = expected["calibration"] as! [String: Any]
        CurvesTests.close(
            summary.calibration?.map(\.positiveRate) ?? [], CurvesTests.numbers(calibration["prob_true"]), "\(what) prob_true")
        CurvesTests.close(summary.calibration?.map(\.meanScore) ?? [], CurvesTests.numbers(calibration["prob_pred"]), "\(what) prob_pred")
    }

    @Test("recorded curves agree with scikit-learn", arguments: ["unweighted", "weighted"])
    func agree(name: String) throws {
        let expected = try #require(Self.cases.first { $0["name"] as? String == name })
        let curves = try #require(try Self.evaluate(weighted: name == "weighted").curves)
        #expect(curves.maxPoints == 51 && curves.groupMaxPoints == 21 && curves.calibrationBins == 10)
        #expect((curves.overall.roc?.count ?? 0) <= 51 && (curves.overall.roc?.count ?? 0) > 21)
        Self.check(curves.overall, expected["overall"] as! [String: Any], "\(name) overall")
        let groups = expected["groups"] as! [[String: Any]]
        #expect(curves.groups.map { "\($0.column)=\($0.label)" } == groups.map { "\($0["column"]!)=\($0["label"]!)" })
        for (got, want) in zip(curves.groups, groups) {
            #expect((got.curves.roc?.count ?? 0) <= 21)
            Self.check(got.curves, want["curves"] as! [String: Any], "\(name) \(got.column)=\(got.label)")
        }
    }

    @Test func thinningKeepsEndsAndIsEven() {
        #expect(Curves.thin(Array(0..<5), to: 51) == Array(0..<5))
        #expect(Curves.thin(Array(0..<11), to: 3) == [0, 5, 10])
        let thinned = Curves.thin(Array(0..<1000), to: 51)
        #expect(thinned.count == 51 && thinned.first == 0 && thinned.last == 999)
        #expect(zip(thinned, thinned.dropFirst()).allSatisfy { $1 - $0 >= 19 && $1 - $0 <= 21 })
    }

    @Test func withoutScoresOnlyTheConfusionMatrixAndRegressionNothing() throws {
        let spec = EvaluationSpec(label: "outcome", prediction: "decision", sensitive: ["sex"], posLabel: "approved")
        let report = try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
        let curves = try #require(report.curves)
        #expect(curves.overall.roc == nil && curves.overall.calibration == nil && curves.overall.note == "no score column")
        #expect(curves.overall.confusion.rows == 500)
        let regression = try Evaluator.evaluate(
            file: Fixtures.path("regression_small.csv"), spec: EvaluationSpec(task: .regression, label: "target", prediction: "predicted"))
        #expect(regression.curves == nil)
    }

    @Test func anEvaluationRecordedBeforeCurvesStillDecodes() throws {
        let report = try Self.evaluate(weighted: false)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(json["curves"] != nil)
        json["curves"] = nil
        let old = try JSONDecoder().decode(EvaluationReport.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.curves == nil && old.overall == report.overall)
    }
}
