import Testing

@testable import AttestMetrics

/// Sums that overflow the largest double are refused with a message naming the cause, never
/// recorded as infinite or undefined numbers.
@Suite("Overflowing sums")
struct OverflowTests {
    static func evaluate(_ csv: String, task: EvaluationSpec.Task) throws -> EvaluationReport {
        let spec = EvaluationSpec(task: task, label: "y", prediction: "p", sensitive: ["g"], weight: "w", minGroupSize: 0)
        return try Evaluator.evaluate(bytes: Array(csv.utf8), source: "o.csv", format: .csv, spec: spec)
    }

    @Test("weights of 1e308: the row where their sum overflows is named")
    func weightSum() {
        let error = #expect(throws: MetricsError.self) {
            try Self.evaluate("y,p,g,w\n1,1,a,1e308\n0,0,b,1e308\n1,0,a,1\n", task: .binaryClassification)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.row == 2 && error?.line == 3 && error?.column == "w")
        #expect(
            error?.message
                == "the sample weights overflow: their sum exceeds the largest double (about 1.8e308) at this row (weight 1e+308)")
    }

    @Test("a finite weight sum whose weighted errors overflow: the metric is named")
    func weightedErrors() {
        let error = #expect(throws: MetricsError.self) {
            try Self.evaluate("y,p,g,w\n1e10,0,a,1e300\n0,0,b,1\n", task: .regression)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message == "mae overflows (inf): a weighted sum exceeds the largest double (about 1.8e308)")
    }

    @Test("large but finite weights still evaluate")
    func largeFinite() throws {
        let report = try Self.evaluate("y,p,g,w\n1,1,a,1e300\n0,0,b,1e300\n1,0,a,1e300\n", task: .binaryClassification)
        #expect(report.overall["accuracy"]?.value == 2.0 / 3.0)
    }
}
