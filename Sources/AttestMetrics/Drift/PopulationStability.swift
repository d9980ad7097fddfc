import Foundation

/// The population stability index and the Jensen-Shannon distance between two binned
/// distributions, and the decile bins of a numeric reference sample.
public enum PopulationStability {
    /// The share that replaces an empty bin's share in the PSI (not in the JS distance).
    public static let zeroShare = 1e-4

    /// PSI = sum_i (c_i - r_i) ln(c_i / r_i) over bin shares r (reference) and c (current),
    /// each zero share replaced by ``zeroShare``.
    /// - Parameters:
    ///   - reference: Reference counts per bin.
    ///   - current: Current counts per bin.
    /// - Returns: The PSI, undefined when a side is empty.
    public static func psi(reference: [Double], current: [Double]) -> MetricValue {
        let rt = reference.reduce(0, +)
        let ct = current.reduce(0, +)
        guard rt > 0, ct > 0 else { return .undefined(reason: "a sample is empty") }
        var total = 0.0
        for i in reference.indices {
            var r = reference[i] / rt
            var c = current[i] / ct
            if r == 0 { r = zeroShare }
            if c == 0 { c = zeroShare }
            total += (c - r) * log(c / r)
        }
        return .defined(total)
    }

    /// The Jensen-Shannon distance with base-2 logarithms, as
    /// `scipy.spatial.distance.jensenshannon(p, q, base=2)`: p and q are normalised, m = (p + q) / 2,
    /// and the result is sqrt((KL(p || m) + KL(q || m)) / 2 / ln 2), in [0, 1].
    /// - Parameters:
    ///   - p: Counts or shares per bin.
    ///   - q: Counts or shares per bin.
    /// - Returns: The distance, undefined when a side is empty.
    public static func jensenShannonDistance(_ p: [Double], _ q: [Double]) -> MetricValue {
        let pt = p.reduce(0, +)
        let qt = q.reduce(0, +)
        guard pt > 0, qt > 0 else { return .undefined(reason: "a sample is empty") }
        var left = 0.0
        var right = 0.0
        for i in p.indices {
            let a = p[i] / pt
            let b = q[i] / qt
            let m = (a + b) / 2
            if a > 0 { left += a * log(a / m) }
            if b > 0 { right += b * log(b / m) }
        }
        let js = (left + right) / log(2.0)
        return .defined(sqrt(max(0, js / 2)))
    }

    /// The decile edges of a reference sample: numpy-'linear' percentiles at 10 %, ..., 90 %,
    /// duplicates removed. Bin 0 holds x <= e_1, bin i holds e_i < x <= e_{i+1}, the last bin
    /// x > e_last (numpy `searchsorted(edges, x, side='left')`).
    /// - Parameter sortedReference: The reference values in ascending order (not empty).
    /// - Returns: The distinct edges, ascending.
    public static func decileEdges(sortedReference: [Double]) -> [Double] {
        var edges: [Double] = []
        for k in 1...9 {
            let e = Percentile.linear(sorted: sortedReference, q: Double(k) / 10)
            if edges.last != e { edges.append(e) }
        }
        return edges
    }

    /// Counts values per bin of `edges` (see ``decileEdges(sortedReference:)``).
    /// - Parameters:
    ///   - values: The values.
    ///   - edges: Ascending distinct edges.
    /// - Returns: `edges.count + 1` counts.
    public static func binCounts(_ values: [Double], edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for v in values {
            var lo = 0
            var hi = edges.count
            while lo < hi {  // number of edges < v
                let mid = (lo + hi) / 2
                if edges[mid] < v { lo = mid + 1 } else { hi = mid }
            }
            counts[lo] += 1
        }
        return counts
    }
}
