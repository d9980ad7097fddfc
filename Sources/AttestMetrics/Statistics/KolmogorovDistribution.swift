import Foundation

/// The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, as
/// `scipy.stats.kstwo` computes it (Simard and L'Ecuyer, 2011), and the one-sided Smirnov
/// tail (`scipy.special.smirnov`).
///
/// ``survival(n:x:)`` follows scipy's case split: Ruben-Gambino closed forms near the ends,
/// 2 x Smirnov for x >= 0.5 or large n x^2, the Durbin matrix (Marsaglia-Tsang-Wang) for
/// small n x^2, and the Pelz-Good asymptotic series otherwise. Where scipy uses Pomeranz's
/// recursion (n <= 140 and 0.754693 < n x^2 <= 4) this uses the Durbin matrix, which is also
/// exact.
public enum KolmogorovDistribution {
    /// P(D_n > x), scipy's `kstwo.sf(x, n)`.
    /// - Parameters:
    ///   - n: The sample size, at least 1.
    ///   - x: The statistic.
    /// - Returns: The survival probability in [0, 1].
    public static func survival(n: Int, x: Double) -> Double {
        guard n > 0, !x.isNaN else { return .nan }
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            if t <= 0.5 { return 1 }
            let prob: Double
            if n <= 140 {
                var p = 1.0
                for i in 1...n { p *= Double(i) / nd * (2 * t - 1) }
                prob = p
            } else {
                prob = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return clip(1 - prob)
        }
        if t >= nd - 1 { return clip(2 * pow(1 - x, nd)) }
        if x >= 0.5 { return clip(2 * smirnov(n: n, d: x)) }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 4 { return clip(1 - durbinCDF(n: n, d: x)) }
            return clip(2 * smirnov(n: n, d: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 { return clip(2 * smirnov(n: n, d: x)) }
        let cdf: Double
        if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            cdf = durbinCDF(n: n, d: x)
        } else {
            cdf = pelzGoodCDF(n: n, x: x)
        }
        return clip(1 - cdf)
    }

    /// The one-sided Smirnov tail P(D_n^+ >= d) by the Birnbaum-Tingey formula
    /// d * sum_{j=0}^{floor(n(1-d))} C(n, j) (d + j/n)^(j-1) (1 - d - j/n)^(n-j), summed in
    /// logarithms with scaling.
    /// - Parameters:
    ///   - n: The sample size.
    ///   - d: The statistic.
    /// - Returns: The tail probability.
    public static func smirnov(n: Int, d: Double) -> Double {
        if d <= 0 { return 1 }
        if d >= 1 { return 0 }
        let nd = Double(n)
        let jmax = Int((nd * (1 - d)).rounded(.down))
        let logNFactorial = logGamma(nd + 1)
        var logs = [Double]()
        logs.reserveCapacity(jmax + 1)
        for j in 0...max(jmax, 0) {
            let jd = Double(j)
            let rest = 1 - d - jd / nd
            if rest <= 0 && n - j > 0 { continue }
            let logChoose: Double = logNFactorial - logGamma(jd + 1) - logGamma(nd - jd + 1)
            var term: Double = logChoose
            term += (jd - 1) * log(d + jd / nd)
            if n - j > 0 { term += (nd - jd) * log(rest) }
            logs.append(term)
        }
        guard let top = logs.max() else { return 0 }
        var sum = 0.0
        for l in logs { sum += exp(l - top) }
        return min(1, max(0, d * exp(top) * sum))
    }

    private static func clip(_ p: Double) -> Double { min(1, max(0, p)) }

    /// log(n! / n^n) by Stirling's series with the n log n term removed.
    private static func logFactorialOverPower(_ n: Int) -> Double {
        let coefficients = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let nd = Double(n)
        let rn = 1 / nd
        var poly = 0.0
        for c in coefficients { poly = poly * (rn / nd) + c }
        return log(nd) / 2 - nd + log(2 * Double.pi) / 2 + rn * poly
    }

    /// P(D_n <= d) by the Durbin matrix method (Marsaglia, Tsang and Wang 2003): with
    /// d = (k - h) / n, the k-th diagonal element of H^n times n! / n^n, with exponent
    /// tracking to avoid overflow.
    static func durbinCDF(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] = (1 - pow(h, Double(j))) * fac
        }
        let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * fac
        var hm = [Double](repeating: 0, count: m * m)
        for i in 1..<max(m, 1) {
            for r in (i - 1)..<m { hm[r * m + i] = w[r - (i - 1)] }
        }
        for r in 0..<m { hm[r * m] = v[r] }
        for c in 0..<m { hm[(m - 1) * m + c] = v[m - 1 - c] }
        var power = [Double](repeating: 0, count: m * m)
        for i in 0..<m { power[i * m + i] = 1 }
        var exponent = 0
        var hExponent = 0
        var remaining = n
        let big = 0x1p128
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = multiply(power, hm, m)
                exponent += hExponent
            }
            hm = multiply(hm, hm, m)
            hExponent *= 2
            if abs(hm[(k - 1) * m + (k - 1)]) > big {
                for i in hm.indices { hm[i] /= big }
                hExponent += 128
            }
            remaining /= 2
        }
        var p = power[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < 0x1p-128 {
                p *= big
                exponent -= 128
            }
        }
        if exponent != 0 { p = scalbn(p, exponent) }
        return clip(p)
    }

    private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var out = [Double](repeating: 0, count: m * m)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { op in
                    for i in 0..<m {
                        for l in 0..<m {
                            let x = ap[i * m + l]
                            if x == 0 { continue }
                            for j in 0..<m { op[i * m + j] += x * bp[l * m + j] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// P(D_n <= x) by the Pelz-Good (1976) asymptotic series in Jacobi-theta form.
    static func pelzGoodCDF(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let piSquared = Double.pi * Double.pi
        let piFour = piSquared * piSquared
        let piSix = piFour * piSquared
        let z = sqrt(Double(n)) * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let qlog = -piSquared / 8 / z2
        if qlog < -708 { return 0 }
        var q = exp(qlog)
        let k1a = -z2
        let k1b = piSquared / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * piSquared / 4
        let k2c = piFour * (1 - 2 * z2) / 16
        let k3d = piSix * (5 - 30 * z2) / 64
        let k3c = piFour * (-60 * z2 + 212 * z4) / 16
        let k3b = piSquared * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var k = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        var kk = maxk
        while kk >= 1 {
            let m = Double(2 * kk - 1)
            let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
            let qpower = pow(q, Double(8 * kk))
            let coefficients = [
                1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6,
            ]
            for i in 0..<4 { k[i] = k[i] * qpower + coefficients[i] }
            kk -= 1
        }
        let sqrt2pi = sqrt(2 * Double.pi)
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for i in 0..<4 { k[i] = k[i] * q * sqrt2pi / divisors[i] }
        q = exp(-piSquared / 2 / z2)
        var k2extra = 0.0
        var k3extra = 0.0
        let sqrt3z = sqrt(3.0) * z
        kk = maxk
        while kk >= 1 {
            let kd = Double(kk)
            let ksq = kd * kd
            let qp = pow(q, ksq)
            k2extra += ksq * qp
            let kspi = Double.pi * kd
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp
            kk -= 1
        }
        k[2] += k2extra * piSquared * sqrt2pi / (-36 * z3)
        k[3] += k3extra * piSquared * sqrt2pi / (216 * z6)
        var total = 0.0
        for i in 0..<4 { total += k[i] / pow(Double(n), Double(i) / 2) }
        return total
    }
}
