import Testing

@testable import AttestMetrics

/// The score order behind every curve: the comparison sort (small tables) and the radix sort
/// (large ones) give the same stable ascending permutation as a plain sort of (score, row).
@Suite struct ScoreOrderTests {
    /// Scores with many ties, negatives, tiny and huge magnitudes.
    static func scores(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(state: seed)
        let pool: [Double] = [-1e300, -3.5, -1, -1e-300, 0, 1e-300, 0.25, 0.5, 0.5000000000000001, 1, 7, 1e300]
        return (0..<count).map { i in
            i % 3 == 0 ? pool[Int(generator.next() % UInt64(pool.count))] : Double(Int64(generator.next() % 2001) - 1000) / 997
        }
    }

    @Test(arguments: [2, 3, 17, 1000, 5000])
    func bothSortsGiveTheStableAscendingOrder(count: Int) {
        let scores = Self.scores(count, seed: UInt64(count))
        let expected = (0..<count).sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }.map(Int32.init)
        #expect(ScoreOrder.ascending(scores, comparisonSortLimit: Int.max) == expected)
        #expect(ScoreOrder.ascending(scores, comparisonSortLimit: 0) == expected)
        #expect(ScoreOrder.ascending(scores) == expected)
    }
}
