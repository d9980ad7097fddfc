/// Quantiles with numpy's default `'linear'` method (Hyndman and Fan type 7).
public enum Percentile {
    /// The `q` quantile of sorted values: with virtual index h = (n - 1) q, lower index
    /// i = floor(h) and t = h - i, the result is `a + (b - a) t` for t < 0.5 and
    /// `b - (b - a)(1 - t)` otherwise (a = v[i], b = v[i + 1]), exactly as numpy's `_lerp`.
    /// - Parameters:
    ///   - sorted: Values in ascending order (not empty).
    ///   - q: The quantile in [0, 1].
    /// - Returns: The quantile.
    public static func linear(sorted: [Double], q: Double) -> Double {
        let n = sorted.count
        precondition(n > 0, "quantile of an empty sample")
        let h = Double(n - 1) * q
        let i = min(max(Int(h.rounded(.down)), 0), n - 1)
        if i >= n - 1 { return sorted[n - 1] }
        let t = h - Double(i)
        let a = sorted[i]
        let b = sorted[i + 1]
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}
