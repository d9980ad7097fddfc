import Foundation

/// Reference and current distributions of one column side by side, as shares of rows per bin
/// (or category), titled with the column's PSI and band.
enum DriftHistogram {
    static let width = 360.0
    static let height = 150.0
    static let left = 36.0
    static let top = 10.0
    static let bottom = 34.0

    static func layout(_ column: DriftRow) -> [String: Any] {
        let referenceTotal = max(1, column.bins.reduce(0) { $0 + $1.reference })
        let currentTotal = max(1, column.bins.reduce(0) { $0 + $1.current })
        let shares = column.bins.map { (Double($0.reference) / Double(referenceTotal), Double($0.current) / Double(currentTotal)) }
        let highest = max(0.01, shares.map { max($0.0, $0.1) }.max() ?? 0.01)
        let plotWidth = width - left - 8
        let slot = plotWidth / Double(max(1, column.bins.count))
        let barWidth = max(1, slot * 0.4)
        let base = height - bottom
        let bars = column.bins.enumerated().map { index, bin -> [String: Any] in
            let x = left + Double(index) * slot + slot * 0.1
            let referenceHeight = shares[index].0 / highest * (base - top)
            let currentHeight = shares[index].1 / highest * (base - top)
            return [
                "referenceX": LineageGraph.fmt(x), "currentX": LineageGraph.fmt(x + barWidth), "width": LineageGraph.fmt(barWidth),
                "referenceY": LineageGraph.fmt(base - referenceHeight), "referenceHeight": LineageGraph.fmt(referenceHeight),
                "currentY": LineageGraph.fmt(base - currentHeight), "currentHeight": LineageGraph.fmt(currentHeight),
                "label": ViewTree.safe(LineageGraph.clip(bin.label, max(3, Int(slot / 6)))), "labelX": LineageGraph.fmt(x + barWidth),
                "labelY": LineageGraph.fmt(base + 12),
                "title": ViewTree.safe("\(bin.label)")
                    + ": reference \(bin.reference) (\(Numbers.fixed(shares[index].0 * 100, 1))%), current \(bin.current) (\(Numbers.fixed(shares[index].1 * 100, 1))%)",
            ]
        }
        return [
            "column": ViewTree.safe(column.name), "width": LineageGraph.fmt(width), "height": LineageGraph.fmt(height), "bars": bars,
            "axisX": LineageGraph.fmt(left), "axisY": LineageGraph.fmt(base), "axisRight": LineageGraph.fmt(width - 8),
            "axisTop": LineageGraph.fmt(top), "highText": "\(Numbers.fixed(highest * 100, 0))%", "highY": LineageGraph.fmt(top + 8),
            "legendY": LineageGraph.fmt(height - 6), "psiText": column.psi.map { "PSI \(Numbers.fixed($0, 3))" } ?? "PSI –",
            "band": column.band ?? "", "alt": ViewTree.safe(alt(column)),
        ]
    }

    /// The chart in words.
    static func alt(_ column: DriftRow) -> String {
        "\(column.name): PSI \(Numbers.optional(column.psi)) (\(column.band ?? "no band")); rows per bin, reference vs current: "
            + column.bins.map { "\($0.label) \($0.reference)/\($0.current)" }.joined(separator: ", ")
    }
}
