import Foundation

/// A linear scale from data values to SVG coordinates.
struct ChartScale {
    let low: Double
    let high: Double
    let start: Double
    let end: Double

    /// A scale covering `values` (and 0 when they are all in [0, 1], so rates start at zero).
    init(covering values: [Double], from start: Double, to end: Double) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if low >= 0 && high <= 1 {
            low = 0
            high = 1
        } else if low == high {
            low -= 1
            high += 1
        } else {
            let pad = (high - low) * 0.08
            low -= pad
            high += pad
        }
        self.low = low
        self.high = high
        self.start = start
        self.end = end
    }

    func callAsFunction(_ value: Double) -> Double {
        start + (min(max(value, low), high) - low) / (high - low) * (end - start)
    }

    /// The coordinate as SVG text.
    func text(_ value: Double) -> String { LineageGraph.fmt(self(value)) }
}
