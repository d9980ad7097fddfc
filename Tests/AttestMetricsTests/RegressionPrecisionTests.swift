import Foundation
import Testing

@testable import AttestMetrics

/// R² of labels far from zero (mean 1e9, standard deviation 1) against the exact value, which
/// `scripts/oracles/regression_exact.py` computes with rational arithmetic from the same doubles.
@Suite("Regression precision")
struct RegressionPrecisionTests {
    static var expected: [String: [String: Double]] {
        let data = try! Data(contentsOf: Fixtures.directory.appendingPathComponent("regression_large_mean.json"))
        let object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (object["r2"] as! [String: [String: NSNumber]]).mapValues { $0.mapValues(\.doubleValue) }
    }

    @Test("R² stays within 1e-12 relative of the exact value, overall and per group", arguments: [false, true])
    func largeMean(weighted: Bool) throws {
        let spec = EvaluationSpec(
            task: .regression, label: "label", prediction: "prediction", sensitive: ["group"], weight: weighted ? "weight" : nil,
            minGroupSize: 0)
        let report = try Evaluator.evaluate(file: Fixtures.path("regression_large_mean.csv"), spec: spec)
        let exact = try #require(Self.expected[weighted ? "weighted" : "unweighted"])
        var actual = ["overall": try #require(report.overall["r2"]?.value)]
        for group in report.groupings[0].groups { actual[group.label] = group.metrics["r2"]?.value }
        #expect(Set(actual.keys) == ["overall", "a", "b"])
        for (name, value) in exact {
            let got = try #require(actual[name], "\(name)")
            let relative = abs(got - value) / abs(value)
            #expect(
                relative <= 1e-12, "\(weighted ? "weighted" : "unweighted") \(name): \(got) vs exact \(value), relative error \(relative)")
        }
    }
}
