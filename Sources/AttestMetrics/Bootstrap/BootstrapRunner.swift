import Dispatch
import Foundation

/// The nonparametric row bootstrap.
///
/// Replicate r draws n row indices uniformly with replacement (n = evaluated rows) from its
/// own ``Xoshiro256StarStar`` stream, counts how often each row was drawn, and recomputes
/// every statistic with each row weighted by (draw count x sample weight) in one pass over
/// the rows (see ``CellTotals``). This is exactly the classical resampling of rows, including
/// ROC AUC, log loss and Brier score. Replicates are spread over threads with
/// `DispatchQueue.concurrentPerform`; since each has its own stream and its own slot in the
/// result matrix, the intervals do not depend on the thread count.
enum BootstrapRunner {
    /// Raw results: `replicates x statCount` values, NaN where undefined.
    /// Written by several threads, each to its own rows of the matrix only.
    private final class ResultMatrix: @unchecked Sendable {
        let values: UnsafeMutableBufferPointer<Double>
        init(count: Int) {
            values = .allocate(capacity: count)
            values.initialize(repeating: .nan)
        }
        deinit { values.deallocate() }
    }

    static func run(
        data: PreparedData, participation: Summary.Participation, spec: BootstrapSpec,
        metricIndices: [Int], statCount: Int
    ) -> [ConfidenceInterval] {
        let replicates = spec.replicates
        let matrix = ResultMatrix(count: replicates * statCount)
        let threads = max(1, min(spec.threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
        let n = data.n
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var counts = [UInt32](repeating: 0, count: n)
            var totals = CellTotals(finestCount: data.groups.finestCount, slotCount: data.groups.slotCount)
            var r = worker
            while r < replicates {
                var rng = Xoshiro256StarStar(seed: spec.seed, stream: UInt64(r))
                counts.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n { c[i] = 0 }
                    let bound = UInt64(n)
                    for _ in 0..<n { c[Int(rng.uniform(below: bound))] &+= 1 }
                }
                totals.reset()
                counts.withUnsafeBufferPointer { c in totals.accumulate(data, multiplicity: c.baseAddress!) }
                let summary = Summary(data: data, totals: totals, participation: participation)
                summary.flattened(
                    metricIndices: metricIndices,
                    into: UnsafeMutableBufferPointer(rebasing: matrix.values[(r * statCount)..<((r + 1) * statCount)]))
                r += threads
            }
        }
        let lowQ = (1 - spec.confidenceLevel) / 2
        let highQ = (1 + spec.confidenceLevel) / 2
        var intervals: [ConfidenceInterval] = []
        intervals.reserveCapacity(statCount)
        var column: [Double] = []
        column.reserveCapacity(replicates)
        for k in 0..<statCount {
            column.removeAll(keepingCapacity: true)
            for r in 0..<replicates {
                let v = matrix.values[r * statCount + k]
                if !v.isNaN { column.append(v) }
            }
            if column.isEmpty {
                let reason = MetricValue.undefined(reason: "undefined in every bootstrap replicate")
                intervals.append(ConfidenceInterval(lower: reason, upper: reason, definedReplicates: 0))
                continue
            }
            column.sort()
            intervals.append(
                ConfidenceInterval(
                    lower: .defined(Percentile.linear(sorted: column, q: lowQ)),
                    upper: .defined(Percentile.linear(sorted: column, q: highQ)),
                    definedReplicates: column.count))
        }
        return intervals
    }
}
