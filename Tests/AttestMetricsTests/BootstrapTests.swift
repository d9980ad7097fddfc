import Foundation
import Testing

@testable import AttestMetrics

@Suite struct BootstrapTests {
    @Test("SplitMix64 matches the reference sequence for seed 1234567")
    func splitMix() {
        var g = SplitMix64(state: 1_234_567)
        #expect(
            (0..<5).map { _ in g.next() } == [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
            ])
    }

    @Test("Lemire bounded integers stay in range and cover it")
    func bounded() {
        var g = Xoshiro256StarStar(seed: 5, stream: 3)
        var seen = Set<UInt64>()
        for _ in 0..<2000 {
            let v = g.uniform(below: 7)
            #expect(v < 7)
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }

    @Test(
        "numpy 'linear' percentiles",
        arguments: [
            ([1.0, 2, 3, 4], 0.025, 1.075), ([1.0, 2, 3, 4], 0.975, 3.925), ([5.0], 0.5, 5.0), ([0.0, 10], 0.5, 5.0),
        ])
    func percentile(values: [Double], q: Double, expected: Double) {
        #expect(abs(Percentile.linear(sorted: values, q: q) - expected) < 1e-12)
    }

    func run(seed: UInt64, threads: Int) throws -> EvaluationReport {
        let spec = EvaluationSpec(
            label: "outcome", prediction: "decision", score: "score", sensitive: ["sex", "race"], weight: "weight",
            posLabel: "approved", bootstrap: BootstrapSpec(replicates: 120, seed: seed, threads: threads))
        return try Evaluator.evaluate(file: Fixtures.path("credit_small.csv"), spec: spec)
    }

    @Test("same seed, any thread count: identical intervals")
    func reproducible() throws {
        let one = try run(seed: 11, threads: 1)
        let two = try run(seed: 11, threads: 2)
        let three = try run(seed: 11, threads: 3)
        #expect(one == two)
        #expect(two == three)
        let other = try run(seed: 12, threads: 2)
        #expect(other.overallIntervals != one.overallIntervals)
    }

    @Test("intervals bracket the estimate and count defined replicates")
    func intervals() throws {
        let report = try run(seed: 3, threads: 2)
        #expect(report.bootstrap?.replicates == 120)
        for name in ["accuracy", "roc_auc", "log_loss", "selection_rate"] {
            let ci = try #require(report.overallIntervals?[name])
            let value = try #require(report.overall[name]?.value)
            let lower = try #require(ci.lower.value)
            let upper = try #require(ci.upper.value)
            #expect(lower <= value && value <= upper, "\(name): \(lower) \(value) \(upper)")
            #expect(ci.definedReplicates == 120)
        }
        for d in report.groupings[2].disparities { #expect(d.interval != nil) }
    }
}

/// Attest's bootstrap against an independent implementation of docs/metrics.md's bootstrap
/// (`scripts/oracles/bootstrap_reference.py`, Python standard library only): the generator,
/// the row order the draws index, the row weights, the statistics and the quantiles.
@Suite struct BootstrapReferenceTests {
    static var reference: [String: Any] {
        let data = try! Data(contentsOf: Fixtures.directory.appendingPathComponent("bootstrap_reference.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Compares one interval with the reference's `{lower, upper, defined}` to 1e-12.
    func expectInterval(_ actual: ConfidenceInterval?, _ expected: Any?, _ context: String) {
        let expected = expected as! [String: Any]
        guard let actual else {
            Issue.record("\(context): no interval")
            return
        }
        #expect(actual.definedReplicates == (expected["defined"] as! Int), "\(context): defined replicates")
        for (bound, value) in [("lower", actual.lower), ("upper", actual.upper)] {
            let wanted = (expected[bound] as! NSNumber).doubleValue
            let got = value.value ?? .nan
            #expect(abs(got - wanted) <= 1e-12 * max(1, abs(wanted)), "\(context) \(bound): \(got) != \(wanted)")
        }
    }

    @Test("xoshiro256** streams and Lemire draws match the documented generator")
    func generator() {
        for vector in Self.reference["generator"] as! [[String: Any]] {
            let seed = UInt64(vector["seed"] as! String)!
            let stream = UInt64(vector["stream"] as! Int)
            var g = Xoshiro256StarStar(seed: seed, stream: stream)
            #expect((0..<4).map { _ in String(g.next()) } == vector["next"] as! [String], "seed \(seed) stream \(stream)")
            var h = Xoshiro256StarStar(seed: seed, stream: stream)
            #expect((0..<8).map { _ in Int(h.uniform(below: 500)) } == vector["below500"] as! [Int], "seed \(seed) stream \(stream)")
        }
    }

    @Test("classification intervals (overall, per group, disparity) equal the reference implementation's")
    func classification() throws {
        let expected = Self.reference["classification"] as! [String: Any]
        let spec = EvaluationSpec(
            label: "outcome", prediction: "decision", score: "score", sensitive: ["sex"], weight: "weight",
            posLabel: "approved",
            bootstrap: BootstrapSpec(
                replicates: expected["replicates"] as! Int, seed: UInt64(expected["seed"] as! Int),
                confidenceLevel: expected["confidenceLevel"] as! Double, threads: 2))
        let report = try Evaluator.evaluate(file: Fixtures.path(expected["file"] as! String), spec: spec)
        for (name, interval) in expected["overall"] as! [String: Any] {
            expectInterval(report.overallIntervals?[name], interval, "overall \(name)")
        }
        let grouping = try #require(report.groupings.first { $0.columns == ["sex"] })
        for (label, metrics) in expected["groups"] as! [String: [String: Any]] {
            let group = try #require(grouping.groups.first { $0.values == [label] }, "group \(label)")
            expectInterval(group.intervals?["selection_rate"], metrics["selection_rate"], "group \(label) selection_rate")
        }
        let disparity = grouping.disparities.first { $0.name == "demographic_parity_difference" && $0.method == "between_groups" }
        expectInterval(
            disparity?.interval, (expected["disparities"] as! [String: Any])["demographic_parity_difference/between_groups"],
            "demographic_parity_difference between_groups")
    }

    @Test("regression intervals equal the reference implementation's")
    func regression() throws {
        let expected = Self.reference["regression"] as! [String: Any]
        let spec = EvaluationSpec(
            task: .regression, label: "target", prediction: "predicted", weight: "weight",
            bootstrap: BootstrapSpec(
                replicates: expected["replicates"] as! Int, seed: UInt64(expected["seed"] as! Int),
                confidenceLevel: expected["confidenceLevel"] as! Double, threads: 1))
        let report = try Evaluator.evaluate(file: Fixtures.path(expected["file"] as! String), spec: spec)
        for (name, interval) in expected["overall"] as! [String: Any] {
            expectInterval(report.overallIntervals?[name], interval, "overall \(name)")
        }
    }
}
