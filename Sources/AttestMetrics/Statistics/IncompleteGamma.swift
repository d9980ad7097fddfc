import Foundation

/// The regularized incomplete gamma functions and the chi-square survival function.
///
/// P(a, x) = gamma(a, x) / Gamma(a) by its power series when x < a + 1, and
/// Q(a, x) = 1 - P(a, x) by Legendre's continued fraction (evaluated with the modified Lentz
/// method) otherwise, as in Numerical Recipes section 6.2; both are scaled by
/// exp(-x + a ln x - ln Gamma(a)).
public enum IncompleteGamma {
    private static let epsilon = 1e-16
    private static let tiny = 1e-300

    /// The regularized upper incomplete gamma function Q(a, x).
    /// - Parameters:
    ///   - a: The shape, greater than 0.
    ///   - x: The argument, at least 0.
    /// - Returns: Q(a, x) in [0, 1], or NaN for invalid arguments.
    public static func upperRegularized(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        if x < a + 1 { return max(0, 1 - series(a, x)) }
        return min(1, continuedFraction(a, x))
    }

    /// The regularized lower incomplete gamma function P(a, x).
    /// - Parameters:
    ///   - a: The shape, greater than 0.
    ///   - x: The argument, at least 0.
    /// - Returns: P(a, x) in [0, 1], or NaN for invalid arguments.
    public static func lowerRegularized(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 0 }
        if x.isInfinite { return 1 }
        if x < a + 1 { return min(1, series(a, x)) }
        return max(0, 1 - continuedFraction(a, x))
    }

    /// The chi-square survival function, P(X > x) for X ~ chi2(dof) = Q(dof / 2, x / 2).
    /// - Parameters:
    ///   - x: The statistic.
    ///   - dof: Degrees of freedom, greater than 0.
    /// - Returns: The upper-tail probability.
    public static func chiSquareSurvival(_ x: Double, dof: Double) -> Double {
        if x <= 0 { return 1 }
        return upperRegularized(dof / 2, x / 2)
    }

    private static func prefactor(_ a: Double, _ x: Double) -> Double {
        exp(-x + a * log(x) - logGamma(a))
    }

    private static func series(_ a: Double, _ x: Double) -> Double {
        var ap = a
        var term = 1 / a
        var sum = term
        for _ in 0..<100_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * prefactor(a, x)
    }

    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
            i += 1
        }
        return prefactor(a, x) * h
    }
}
