/// Weighted sums per finest group (and ROC AUC numerators per slot) from one pass over the
/// rows, optionally with a bootstrap multiplicity per row.
///
/// Every metric except ROC AUC is a function of these sums, so the point estimate and each
/// bootstrap replicate share this code. For ROC AUC the rows are visited in ascending score
/// order; a positive row adds its weight times the negative weight strictly below it plus
/// half the negative weight tied with it (the Mann-Whitney form of the area under the ROC
/// curve, which equals scikit-learn's trapezoidal area with ties).
struct CellTotals {
    let finestCount: Int
    let slotCount: Int
    /// Classification: weight and row count per `finest * 4 + label * 2 + prediction`.
    var weight: [Double]
    var count: [Double]
    /// Per finest group: weighted sums of log loss and squared error.
    var logLoss: [Double]
    var brier: [Double]
    /// Per slot: sum over positive rows of weight x (negative weight below + half tied).
    var aucNumerator: [Double]
    /// Regression per finest group: Welford weighted mean (of the target minus
    /// `PreparedData.targetShift`) and M2 of the target, and weighted absolute and squared error sums.
    var sumWeight: [Double]
    var mean: [Double]
    var m2: [Double]
    var absError: [Double]
    var squaredError: [Double]
    private var negativeBelow: [Double]
    private var negativeTied: [Double]

    init(finestCount: Int, slotCount: Int) {
        self.finestCount = finestCount
        self.slotCount = slotCount
        weight = [Double](repeating: 0, count: finestCount * 4)
        count = weight
        logLoss = [Double](repeating: 0, count: finestCount)
        brier = logLoss
        sumWeight = logLoss
        mean = logLoss
        m2 = logLoss
        absError = logLoss
        squaredError = logLoss
        aucNumerator = [Double](repeating: 0, count: slotCount)
        negativeBelow = aucNumerator
        negativeTied = aucNumerator
    }

    mutating func reset() {
        for i in weight.indices {
            weight[i] = 0
            count[i] = 0
        }
        for i in logLoss.indices {
            logLoss[i] = 0
            brier[i] = 0
            sumWeight[i] = 0
            mean[i] = 0
            m2[i] = 0
            absError[i] = 0
            squaredError[i] = 0
        }
        for i in aucNumerator.indices {
            aucNumerator[i] = 0
            negativeBelow[i] = 0
            negativeTied[i] = 0
        }
    }

    /// Adds every row of `data`, each `multiplicity[i]` times (once when `nil`).
    mutating func accumulate(_ data: PreparedData, multiplicity: UnsafePointer<UInt32>?) {
        switch data.task {
        case .binaryClassification: accumulateClassification(data, multiplicity)
        case .regression: accumulateRegression(data, multiplicity)
        }
    }

    private mutating func accumulateClassification(_ data: PreparedData, _ multiplicity: UnsafePointer<UInt32>?) {
        data.cell.withUnsafeBufferPointer { cell in
            data.groups.finestSlots.withUnsafeBufferPointer { slots in
                (data.weight ?? []).withUnsafeBufferPointer { wp in
                    (data.logLoss ?? []).withUnsafeBufferPointer { lp in
                        (data.brier ?? []).withUnsafeBufferPointer { bp in
                            (data.score ?? []).withUnsafeBufferPointer { sp in
                                weight.withUnsafeMutableBufferPointer { cw in
                                    count.withUnsafeMutableBufferPointer { cc in
                                        logLoss.withUnsafeMutableBufferPointer { ll in
                                            brier.withUnsafeMutableBufferPointer { br in
                                                aucNumerator.withUnsafeMutableBufferPointer { auc in
                                                    negativeBelow.withUnsafeMutableBufferPointer { below in
                                                        negativeTied.withUnsafeMutableBufferPointer { tied in
                                                            var pass = ClassificationPass(
                                                                rows: data.n, slotsPerFinest: data.groups.slotsPerFinest,
                                                                hasLoss: data.logLoss != nil, hasScore: data.score != nil,
                                                                weighted: data.weight != nil, multiplicity: multiplicity,
                                                                cell: cell, slots: slots, rowWeight: wp, rowLogLoss: lp,
                                                                rowBrier: bp, score: sp, weight: cw, count: cc, logLoss: ll,
                                                                brier: br, aucNumerator: auc, negativeBelow: below,
                                                                negativeTied: tied)
                                                            pass.run()
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func accumulateRegression(_ data: PreparedData, _ multiplicity: UnsafePointer<UInt32>?) {
        let n = data.n
        guard let target = data.target, let predicted = data.predicted else { return }
        let weighted = data.weight != nil
        let wv = data.weight ?? []
        let shift = data.targetShift
        for i in 0..<n {
            let m: Double = multiplicity.map { Double($0[i]) } ?? 1
            if m == 0 { continue }
            let w = weighted ? m * wv[i] : m
            let g = Int(data.cell[i])
            count[g * 4] += m
            let y = target[i]
            let e = y - predicted[i]
            absError[g] += w * abs(e)
            squaredError[g] += w * e * e
            if w == 0 { continue }
            // Welford on the shifted target: its terms are of the size of the spread, not of
            // the mean, so nothing cancels catastrophically.
            let shifted = y - shift
            sumWeight[g] += w
            let delta = shifted - mean[g]
            mean[g] += delta * w / sumWeight[g]
            m2[g] += w * delta * (shifted - mean[g])
        }
    }
}
