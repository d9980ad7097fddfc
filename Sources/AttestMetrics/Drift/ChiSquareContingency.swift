/// Pearson's chi-square test of a 2 x K contingency table (reference and current counts per
/// category), as `scipy.stats.chi2_contingency(table)` with its default `correction=True`.
///
/// Expected counts are row total x column total / grand total; dof = K - 1. With dof = 0 the
/// statistic is 0 and the p-value 1. With dof = 1 Yates' continuity correction moves each
/// observed count toward its expected count by min(0.5, |expected - observed|). The p-value is
/// the chi-square survival function (``IncompleteGamma/chiSquareSurvival(_:dof:)``).
public enum ChiSquareContingency {
    /// The result.
    public struct Result: Sendable, Equatable {
        /// The statistic.
        public var statistic: Double
        /// The p-value.
        public var pValue: Double
        /// Degrees of freedom.
        public var degreesOfFreedom: Int
    }

    /// Tests the table.
    /// - Parameters:
    ///   - reference: Reference counts per category.
    ///   - current: Current counts per category (same categories).
    /// - Returns: The result, or `nil` when an expected count is 0 (an empty side).
    public static func test(reference: [Double], current: [Double]) -> Result? {
        let k = reference.count
        let rt = reference.reduce(0, +)
        let ct = current.reduce(0, +)
        let total = rt + ct
        var columns = [Double](repeating: 0, count: k)
        for i in 0..<k { columns[i] = reference[i] + current[i] }
        guard rt > 0, ct > 0, !columns.contains(0) else { return nil }
        let dof = k - 1
        if dof == 0 { return Result(statistic: 0, pValue: 1, degreesOfFreedom: 0) }
        var statistic = 0.0
        for (rowTotal, row) in [(rt, reference), (ct, current)] {
            for i in 0..<k {
                let expected = rowTotal * columns[i] / total
                var observed = row[i]
                if dof == 1 {
                    let diff = expected - observed
                    let magnitude = min(0.5, abs(diff))
                    observed += diff > 0 ? magnitude : (diff < 0 ? -magnitude : 0)
                }
                let delta = observed - expected
                statistic += delta * delta / expected
            }
        }
        return Result(
            statistic: statistic, pValue: IncompleteGamma.chiSquareSurvival(statistic, dof: Double(dof)),
            degreesOfFreedom: dof)
    }
}
