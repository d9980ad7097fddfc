/// The two-sample Kolmogorov-Smirnov test, two-sided, as `scipy.stats.ks_2samp(method='auto')`.
///
/// The statistic is D = max over the pooled values x of |F1(x) - F2(x)| with the empirical
/// CDFs F1(x) = #{a <= x} / n1 and F2(x) = #{b <= x} / n2. The p-value is exact when
/// max(n1, n2) <= 10,000: D is rounded to h / lcm(n1, n2) and the probability is the share of
/// lattice paths leaving the band (Hodges 1958; for n1 = n2 the closed form over reflections;
/// otherwise Viehmann's (2021) recursion for 1 - p). Otherwise, or if the exact computation
/// fails, it is asymptotic: `kstwo.sf(D, round(n1 n2 / (n1 + n2)))` (see
/// ``KolmogorovDistribution``).
public enum KolmogorovSmirnovTest {
    /// The result.
    public struct Result: Sendable, Equatable {
        /// The statistic D.
        public var statistic: Double
        /// The two-sided p-value.
        public var pValue: Double
        /// `exact` or `asymptotic`.
        public var method: String
    }

    /// Runs the test.
    /// - Parameters:
    ///   - a: The first sample (finite values, not empty).
    ///   - b: The second sample (finite values, not empty).
    /// - Returns: The statistic and p-value.
    public static func test(_ a: [Double], _ b: [Double]) -> Result {
        let x = a.sorted()
        let y = b.sorted()
        let n1 = x.count
        let n2 = y.count
        precondition(n1 > 0 && n2 > 0, "ks test needs two non-empty samples")
        var i = 0
        var j = 0
        var maxPlus = -Double.infinity
        var maxMinus = -Double.infinity
        while i < n1 || j < n2 {
            let v: Double
            if j >= n2 || (i < n1 && x[i] <= y[j]) { v = x[i] } else { v = y[j] }
            while i < n1 && x[i] <= v { i += 1 }
            while j < n2 && y[j] <= v { j += 1 }
            let diff = Double(i) / Double(n1) - Double(j) / Double(n2)
            maxPlus = max(maxPlus, diff)
            maxMinus = max(maxMinus, -diff)
        }
        let minS = min(max(maxMinus, 0), 1)
        var d = minS > maxPlus ? minS : maxPlus
        if max(n1, n2) <= 10_000 {
            let g = gcd(n1, n2)
            let lcm = (n1 / g) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            d = Double(h) / Double(lcm)
            if h == 0 { return Result(statistic: d, pValue: 1, method: "exact") }
            let p = n1 == n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h)
            if p.isFinite && p >= 0 && p <= 1 { return Result(statistic: d, pValue: p, method: "exact") }
        }
        let m = Double(max(n1, n2))
        let n = Double(min(n1, n2))
        let en = (m * n / (m + n)).rounded(.toNearestOrEven)
        let p = KolmogorovDistribution.survival(n: Int(en), x: d)
        return Result(statistic: d, pValue: min(1, max(0, p)), method: "asymptotic")
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Two-sided p-value for n1 = n2 = n and D = h / n: 2 sum over reflections, computed as
    /// the alternating recursion P_k = p_k (1 - P_{k+1}).
    private static func outsideSquare(_ n: Int, _ h: Int) -> Double {
        var total = 0.0
        var k = n / h
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            total = p1 * (1 - total)
            k -= 1
        }
        return 2 * total
    }

    /// The share of monotone lattice paths from (0, 0) to (m, n) that touch
    /// |x/m - y/n| >= h / lcm(m, n), by a column recursion over a sliding window that carries
    /// 1 - (share of paths still inside), normalised at each step.
    private static func outsideBand(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double {
        let (m, n) = m0 >= n0 ? (m0, n0) : (n0, m0)
        let mg = m / g
        let ng = n / g
        var minj = 0
        var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = min(2 * maxj + 2, n + 1)
        var column = [Double](repeating: 1, count: max(lenA, 1))
        for k in minj..<maxj where k < column.count { column[k] = 0 }
        for i in 1...m {
            let lastminj = minj
            let lastlen = curlen
            minj = max(Int(floorDiv(ng * i - h, mg)) + 1, 0)
            minj = min(minj, n)
            maxj = min(Int(ceilDiv(ng * i + h, mg)), n + 1)
            if maxj <= minj { return 1 }
            var value = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                value = (column[jj + minj - lastminj] * Double(i) + value * Double(j)) / Double(i + j)
                column[jj] = value
            }
            curlen = maxj - minj
            if lastlen > curlen {
                for k in (maxj - minj)..<min(maxj - minj + (lastlen - curlen), column.count) { column[k] = 1 }
            }
        }
        return column[maxj - minj - 1]
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func ceilDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) == (b < 0)) ? q + 1 : q
    }
}
