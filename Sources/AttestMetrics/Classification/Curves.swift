/// Curve points of a binary scorer, with scikit-learn's definitions (`roc_curve` and
/// `precision_recall_curve` with `drop_intermediate=False`, `calibration_curve` with
/// `strategy="uniform"`), so the points a report draws agree with that library.
public enum Curves {
    /// One point of a curve and the score threshold it belongs to.
    public struct Point: Sendable, Codable, Equatable {
        /// The x coordinate (false positive rate for ROC, recall for precision-recall).
        public var x: Double
        /// The y coordinate (true positive rate for ROC, precision for precision-recall).
        public var y: Double
        /// The threshold: a row is predicted positive when its score is at least this
        /// (`nil` for the curve's end point that no threshold produces; scikit-learn's `inf`).
        public var threshold: Double?
    }

    /// One bin of a calibration curve.
    public struct CalibrationBin: Sendable, Codable, Equatable {
        /// The bin's lower edge.
        public var lower: Double
        /// Its upper edge.
        public var upper: Double
        /// The mean predicted score of its rows (scikit-learn's `prob_pred`).
        public var meanScore: Double
        /// The fraction of positives among its rows (`prob_true`).
        public var positiveRate: Double
        /// Its rows.
        public var count: Int
    }

    /// Cumulative weighted false and true positives at each distinct score, descending
    /// (scikit-learn's `_binary_clf_curve`).
    static func cumulative(
        _ labels: [Bool], _ scores: [Double], _ weights: [Double]?
    ) -> (fps: [Double], tps: [Double], thresholds: [Double]) {
        let order = ScoreOrder.ascending(scores).reversed().map(Int.init)
        var fps: [Double] = []
        var tps: [Double] = []
        var thresholds: [Double] = []
        var fp = 0.0
        var tp = 0.0
        for (position, row) in order.enumerated() {
            let weight = weights?[row] ?? 1
            if labels[row] { tp += weight } else { fp += weight }
            let next = position + 1 < order.count ? scores[order[position + 1]] : nil
            if next != scores[row] {
                fps.append(fp)
                tps.append(tp)
                thresholds.append(scores[row])
            }
        }
        return (fps, tps, thresholds)
    }

    /// The ROC curve: (false positive rate, true positive rate) from (0, 0) through every
    /// distinct score, highest first.
    /// - Parameters:
    ///   - labels: whether each row is positive.
    ///   - scores: each row's score (finite).
    ///   - weights: optional row weights.
    /// - Returns: the points, or `nil` when there are no positives or no negatives (undefined).
    public static func roc(labels: [Bool], scores: [Double], weights: [Double]? = nil) -> [Point]? {
        roc(cumulative(labels, scores, weights))
    }

    /// Both curves from one pass over the sorted scores (what ``roc(labels:scores:weights:)``
    /// and ``precisionRecall(labels:scores:weights:)`` return).
    static func rocAndPrecisionRecall(labels: [Bool], scores: [Double], weights: [Double]?) -> (roc: [Point]?, pr: [Point]?) {
        let sums = cumulative(labels, scores, weights)
        return (roc(sums), precisionRecall(sums))
    }

    static func roc(_ sums: (fps: [Double], tps: [Double], thresholds: [Double])) -> [Point]? {
        let (fps, tps, thresholds) = sums
        guard let negatives = fps.last, let positives = tps.last, negatives > 0, positives > 0 else { return nil }
        return [Point(x: 0, y: 0, threshold: nil)]
            + thresholds.indices.map { Point(x: fps[$0] / negatives, y: tps[$0] / positives, threshold: thresholds[$0]) }
    }

    /// The precision-recall curve, as scikit-learn (1.1 and later) returns it: every distinct
    /// score as a threshold, ascending, then the end point (recall 0, precision 1).
    /// - Parameters:
    ///   - labels: whether each row is positive.
    ///   - scores: each row's score (finite).
    ///   - weights: optional row weights.
    /// - Returns: the points (x recall, y precision), or `nil` when there are no positives.
    public static func precisionRecall(labels: [Bool], scores: [Double], weights: [Double]? = nil) -> [Point]? {
        precisionRecall(cumulative(labels, scores, weights))
    }

    static func precisionRecall(_ sums: (fps: [Double], tps: [Double], thresholds: [Double])) -> [Point]? {
        let (fps, tps, thresholds) = sums
        guard let positives = tps.last, positives > 0 else { return nil }
        var points: [Point] = []
        for index in stride(from: tps.count - 1, through: 0, by: -1) {
            let predicted = tps[index] + fps[index]
            points.append(Point(x: tps[index] / positives, y: predicted != 0 ? tps[index] / predicted : 0, threshold: thresholds[index]))
        }
        return points + [Point(x: 0, y: 1, threshold: nil)]
    }

    /// The calibration curve with `bins` equal-width bins on [0, 1]; empty bins are left out.
    /// - Parameters:
    ///   - labels: whether each row is positive.
    ///   - scores: each row's score, a probability in [0, 1].
    ///   - bins: the number of bins (scikit-learn's default is 5; reports use 10).
    /// - Returns: the non-empty bins in order, or `nil` when a score lies outside [0, 1].
    public static func calibration(labels: [Bool], scores: [Double], bins: Int = 10) -> [CalibrationBin]? {
        guard bins > 0, scores.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
        // numpy.linspace(0, 1, bins + 1): i * (1 / bins), the last edge exactly 1.
        let step = 1.0 / Double(bins)
        let inner = (1..<bins).map { Double($0) * step }
        var sums = [Double](repeating: 0, count: bins)
        var positives = [Double](repeating: 0, count: bins)
        var counts = [Int](repeating: 0, count: bins)
        for (row, score) in scores.enumerated() {
            // numpy.searchsorted(inner, score, side="left"): the inner edges below the score.
            var bin = 0
            while bin < inner.count && inner[bin] < score { bin += 1 }
            sums[bin] += score
            positives[bin] += labels[row] ? 1 : 0
            counts[bin] += 1
        }
        return (0..<bins).compactMap { bin in
            guard counts[bin] > 0 else { return nil }
            return CalibrationBin(
                lower: Double(bin) * step, upper: bin == bins - 1 ? 1 : Double(bin + 1) * step, meanScore: sums[bin] / Double(counts[bin]),
                positiveRate: positives[bin] / Double(counts[bin]), count: counts[bin])
        }
    }
}
