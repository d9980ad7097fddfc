import Foundation
import Testing

@testable import AttestMetrics

/// ROC, precision-recall and calibration points agree with scikit-learn
/// (curves_reference.json, written by scripts/oracles/curves_reference.py).
@Suite struct CurvesTests {
    struct Rows {
        var labels: [Bool] = []
        var scores: [Double] = []
        var weights: [Double] = []
        var sex: [String] = []
    }

    static let rows: Rows = {
        let text = try! String(contentsOfFile: Fixtures.path("credit_small.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines.removeFirst()
        let column = { (name: String) in header.firstIndex(of: name)! }
        var rows = Rows()
        for line in lines {
            rows.labels.append(line[column("outcome")] == "approved")
            rows.scores.append(Double(line[column("score")])!)
            rows.weights.append(Double(line[column("weight")])!)
            rows.sex.append(line[column("sex")])
        }
        return rows
    }()

    static var cases: [[String: Any]] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: Fixtures.path("curves_reference.json")))
        return (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["cases"] as! [[String: Any]]
    }

    static func subset(_ name: String) -> (labels: [Bool], scores: [Double], weights: [Double]?) {
        let rows = Self.rows
        if name == "overall" { return (rows.labels, rows.scores, nil) }
        if name == "weighted" { return (rows.labels, rows.scores, rows.weights) }
        let value = String(name.dropFirst("sex=".count))
        let keep = rows.sex.indices.filter { rows.sex[$0] == value }
        return (keep.map { rows.labels[$0] }, keep.map { rows.scores[$0] }, nil)
    }

    static func numbers(_ value: Any?) -> [Double?] { (value as! [Any]).map { $0 as? Double } }

    static func close(_ got: [Double?], _ want: [Double?], _ what: String) {
        #expect(got.count == want.count, "\(what): \(got.count) points, scikit-learn has \(want.count)")
        for (index, (a, b)) in zip(got, want).enumerated() {
            switch (a, b) {
            case (nil, nil): continue
            case (let x?, let y?): #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(what)[\(index)]: \(x) vs \(y)")
            default: Issue.record("\(what)[\(index)]: \(String(describing: a)) vs \(String(describing: b))")
            }
        }
    }

    @Test("curves agree with scikit-learn", arguments: cases.map { $0["name"] as! String })
    func agree(name: String) throws {
        let expected = try #require(Self.cases.first { $0["name"] as? String == name })
        let data = Self.subset(name)
        let roc = try #require(Curves.roc(labels: data.labels, scores: data.scores, weights: data.weights))
        let sklearnROC = expected["roc"] as! [String: Any]
        Self.close(roc.map(\.x), Self.numbers(sklearnROC["fpr"]), "\(name) fpr")
        Self.close(roc.map(\.y), Self.numbers(sklearnROC["tpr"]), "\(name) tpr")
        // scikit-learn's first ROC threshold is inf (null in JSON): ours is nil there.
        Self.close(roc.map(\.threshold), Self.numbers(sklearnROC["thresholds"]), "\(name) roc thresholds")
        let pr = try #require(Curves.precisionRecall(labels: data.labels, scores: data.scores, weights: data.weights))
        let sklearnPR = expected["pr"] as! [String: Any]
        Self.close(pr.map(\.y), Self.numbers(sklearnPR["precision"]), "\(name) precision")
        Self.close(pr.map(\.x), Self.numbers(sklearnPR["recall"]), "\(name) recall")
        Self.close(pr.dropLast().map(\.threshold), Self.numbers(sklearnPR["thresholds"]), "\(name) pr thresholds")
        if let calibration = expected["calibration"] as? [String: Any] {
            let bins = try #require(Curves.calibration(labels: data.labels, scores: data.scores, bins: 10))
            Self.close(bins.map(\.positiveRate), Self.numbers(calibration["prob_true"]), "\(name) prob_true")
            Self.close(bins.map(\.meanScore), Self.numbers(calibration["prob_pred"]), "\(name) prob_pred")
        }
    }

    @Test func oneClassIsUndefinedAndScoresOutsideZeroOneHaveNoCalibration() {
        #expect(Curves.roc(labels: [true, true], scores: [0.2, 0.4]) == nil)
        #expect(Curves.precisionRecall(labels: [false, false], scores: [0.2, 0.4]) == nil)
        #expect(Curves.calibration(labels: [true, false], scores: [0.2, 1.4]) == nil)
        let tied = Curves.roc(labels: [true, false, true, false], scores: [0.5, 0.5, 0.9, 0.1])
        #expect(tied?.map(\.threshold) == [nil, 0.9, 0.5, 0.1])
        #expect(tied?.map(\.x) == [0, 0, 0.5, 1] && tied?.map(\.y) == [0, 0.5, 1, 1])
    }
}
