/// fairlearn 0.15's disparity definitions, with explicit undefined values.
///
/// For a group metric m with group values m_g and overall value m_all (fairlearn `MetricFrame`):
/// - difference, `between_groups`: max_g m_g - min_g m_g
/// - difference, `to_overall`: max_g |m_g - m_all|
/// - ratio, `between_groups`: min_g m_g / max_g m_g
/// - ratio, `to_overall`: min_g r_g where r_g = m_g / m_all, inverted when above 1
///
/// demographic parity uses the selection rate, equal opportunity the true positive rate,
/// equalized odds both the true and the false positive rate, aggregated by `worst_case`
/// (the larger difference, the smaller ratio) or `mean` (their mean).
/// A disparity is undefined when any participating group's metric is undefined (fairlearn
/// would use a silent 0), when a ratio's largest value (or the overall value) is 0, or when
/// no group takes part.
enum DisparityCalculator {
    /// Names, methods and aggregations of the 16 results, in output order.
    static let layout: [(name: String, method: String, aggregation: String?)] = {
        var out: [(String, String, String?)] = []
        for name in [
            "demographic_parity_difference", "demographic_parity_ratio", "equal_opportunity_difference", "equal_opportunity_ratio",
        ] {
            for method in MetricCatalog.disparityMethods { out.append((name, method, nil)) }
        }
        for name in ["equalized_odds_difference", "equalized_odds_ratio"] {
            for method in MetricCatalog.disparityMethods {
                for agg in MetricCatalog.equalizedOddsAggregations { out.append((name, method, agg)) }
            }
        }
        return out
    }()

    /// One metric's values in the participating groups and overall.
    struct Series {
        var name: String
        var groups: [MetricValue]
        var labels: [String]
        var overall: MetricValue
    }

    static func difference(_ s: Series, toOverall: Bool) -> MetricValue {
        guard let values = defined(s) else { return undefinedReason(s) }
        if toOverall {
            guard let all = s.overall.value else { return .undefined(reason: "overall \(s.name) is undefined") }
            return .defined(values.map { abs($0 - all) }.max()!)
        }
        return .defined(values.max()! - values.min()!)
    }

    static func ratio(_ s: Series, toOverall: Bool) -> MetricValue {
        guard let values = defined(s) else { return undefinedReason(s) }
        if toOverall {
            guard let all = s.overall.value else { return .undefined(reason: "overall \(s.name) is undefined") }
            guard all != 0 else { return .undefined(reason: "overall \(s.name) is 0") }
            return .defined(
                values.map { v -> Double in
                    let r = v / all
                    return r > 1 ? 1 / r : r
                }.min()!)
        }
        let high = values.max()!
        guard high != 0 else { return .undefined(reason: "the largest group \(s.name) is 0") }
        return .defined(values.min()! / high)
    }

    /// The 16 results in ``layout`` order.
    static func all(selection: Series, tpr: Series, fpr: Series) -> [MetricValue] {
        var out: [MetricValue] = []
        out.reserveCapacity(16)
        for o in [false, true] { out.append(difference(selection, toOverall: o)) }
        for o in [false, true] { out.append(ratio(selection, toOverall: o)) }
        for o in [false, true] { out.append(difference(tpr, toOverall: o)) }
        for o in [false, true] { out.append(ratio(tpr, toOverall: o)) }
        for o in [false, true] {
            let a = difference(tpr, toOverall: o)
            let b = difference(fpr, toOverall: o)
            out.append(combine(a, b, max))
            out.append(combine(a, b) { ($0 + $1) / 2 })
        }
        for o in [false, true] {
            let a = ratio(tpr, toOverall: o)
            let b = ratio(fpr, toOverall: o)
            out.append(combine(a, b, min))
            out.append(combine(a, b) { ($0 + $1) / 2 })
        }
        return out
    }

    private static func combine(_ a: MetricValue, _ b: MetricValue, _ f: (Double, Double) -> Double) -> MetricValue {
        switch (a, b) {
        case (.defined(let x), .defined(let y)): return .defined(f(x, y))
        case (.undefined(let r), _): return .undefined(reason: r)
        case (_, .undefined(let r)): return .undefined(reason: r)
        }
    }

    private static func defined(_ s: Series) -> [Double]? {
        if s.groups.isEmpty { return nil }
        var out: [Double] = []
        out.reserveCapacity(s.groups.count)
        for v in s.groups {
            guard let x = v.value else { return nil }
            out.append(x)
        }
        return out
    }

    private static func undefinedReason(_ s: Series) -> MetricValue {
        if s.groups.isEmpty { return .undefined(reason: "no group takes part (all groups are below the minimum size)") }
        for (i, v) in s.groups.enumerated() {
            if let reason = v.undefinedReason {
                return .undefined(reason: "\(s.name) is undefined for group \(s.labels[i]): \(reason)")
            }
        }
        return .undefined(reason: "undefined")
    }
}
