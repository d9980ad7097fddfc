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
