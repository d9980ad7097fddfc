/// The four-fifths (80 %) rule of the Uniform Guidelines on Employee Selection Procedures,
/// 29 CFR 1607.4(D): the selection rate of the group with the lowest rate divided by that of
/// the group with the highest rate; adverse impact is indicated below 0.8.
public enum FourFifthsRule {
    /// The threshold, 4/5.
    public static let threshold = 0.8

    /// Applies the rule to group selection rates.
    /// - Parameters:
    ///   - rates: Selection rate per group.
    ///   - labels: Group labels (same order).
    /// - Returns: The lowest and highest groups, the ratio and whether it passes.
    public static func evaluate(rates: [MetricValue], labels: [String]) -> FourFifthsResult {
        guard !rates.isEmpty else {
            return FourFifthsResult(
                lowestGroup: nil, highestGroup: nil,
                ratio: .undefined(reason: "no group takes part"), passes: nil, threshold: threshold)
        }
        var low = -1
        var high = -1
        for (i, r) in rates.enumerated() {
            guard let x = r.value else {
                return FourFifthsResult(
                    lowestGroup: nil, highestGroup: nil,
                    ratio: .undefined(reason: "selection_rate is undefined for group \(labels[i])"),
                    passes: nil, threshold: threshold)
            }
            if low < 0 || x < rates[low].value! { low = i }
            if high < 0 || x > rates[high].value! { high = i }
        }
        let h = rates[high].value!
        guard h > 0 else {
            return FourFifthsResult(
                lowestGroup: labels[low], highestGroup: labels[high],
                ratio: .undefined(reason: "no group has any positive prediction"), passes: nil, threshold: threshold)
        }
        let ratio = rates[low].value! / h
        return FourFifthsResult(
            lowestGroup: labels[low], highestGroup: labels[high], ratio: .defined(ratio),
            passes: ratio >= threshold, threshold: threshold)
    }
}
