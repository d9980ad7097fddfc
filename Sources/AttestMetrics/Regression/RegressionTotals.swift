import Foundation

/// Weighted sums of one group for regression metrics, merged from finest groups with the
/// pairwise update of Chan, Golub and LeVeque for the weighted mean and sum of squares.
///
/// - mae = sum w|y - yhat| / sum w
/// - rmse = sqrt(sum w (y - yhat)^2 / sum w)
/// - r2 = 1 - sum w (y - yhat)^2 / sum w (y - ybar_w)^2, as scikit-learn's `r2_score`;
///   undefined when the labels are constant (scikit-learn returns 1.0 or 0.0).
struct RegressionTotals {
    var count = 0.0
    var weight = 0.0
    var mean = 0.0
    var m2 = 0.0
    var absError = 0.0
    var squaredError = 0.0

    mutating func merge(weight w: Double, mean mu: Double, m2 m: Double, absError a: Double, squaredError s: Double, count c: Double) {
        count += c
        absError += a
        squaredError += s
        if w == 0 { return }
        let total = weight + w
        let delta = mu - mean
        m2 += m + delta * delta * weight * w / total
        mean += delta * w / total
        weight = total
    }

    /// Metrics in ``MetricCatalog/regression`` order.
    func metrics() -> [MetricValue] {
        let empty = "the group has no rows (zero total weight)"
        guard weight > 0 else {
            return [.defined(count), .defined(weight), .undefined(reason: empty), .undefined(reason: empty), .undefined(reason: empty)]
        }
        let r2: MetricValue =
            m2 > 0
            ? .defined(1 - squaredError / m2)
            : .undefined(reason: "the labels are constant (zero variance)")
        return [.defined(count), .defined(weight), .defined(absError / weight), .defined(Foundation.sqrt(squaredError / weight)), r2]
    }
}
