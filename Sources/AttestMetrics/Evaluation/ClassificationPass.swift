/// One pass over the rows of a classification evaluation, adding each row's weight to the sums
/// of ``CellTotals`` through buffer pointers (the hot loop of evaluation and of every bootstrap
/// replicate).
///
/// Rows come in ascending score order when there are scores; a block of rows with tied scores
/// is added together so that each positive row of the block gets half credit for the negative
/// weight tied with it (ROC AUC in its Mann-Whitney form).
struct ClassificationPass {
    let rows: Int
    let slotsPerFinest: Int
    let hasLoss: Bool
    let hasScore: Bool
    let weighted: Bool
    let multiplicity: UnsafePointer<UInt32>?
    // Per row.
    let cell: UnsafeBufferPointer<UInt32>
    let slots: UnsafeBufferPointer<Int32>
    let rowWeight: UnsafeBufferPointer<Double>
    let rowLogLoss: UnsafeBufferPointer<Double>
    let rowBrier: UnsafeBufferPointer<Double>
    let score: UnsafeBufferPointer<Double>
    // The sums (see ``CellTotals``).
    let weight: UnsafeMutableBufferPointer<Double>
    let count: UnsafeMutableBufferPointer<Double>
    let logLoss: UnsafeMutableBufferPointer<Double>
    let brier: UnsafeMutableBufferPointer<Double>
    let aucNumerator: UnsafeMutableBufferPointer<Double>
    let negativeBelow: UnsafeMutableBufferPointer<Double>
    let negativeTied: UnsafeMutableBufferPointer<Double>

    /// Adds every row, a tied block at a time.
    mutating func run() {
        var i = 0
        while i < rows {
            var end = i + 1
            if hasScore {
                let s = score[i]
                while end < rows && score[end] == s { end += 1 }
            }
            if end == i + 1 { addSingle(i) } else { addTiedBlock(i..<end) }
            i = end
        }
    }

    /// The row's multiplicity and its weight times that multiplicity.
    @inline(__always) private func weights(_ i: Int) -> (multiplicity: Double, weight: Double) {
        let m: Double = multiplicity.map { Double($0[i]) } ?? 1
        return (m, weighted ? m * rowWeight[i] : m)
    }

    /// Adds the row's weight and count to its cell and its losses to its finest group.
    @inline(__always) private func addCounts(_ i: Int, _ m: Double, _ w: Double) -> (cell: Int, group: Int) {
        let c = Int(cell[i])
        weight[c] += w
        count[c] += m
        let g = c >> 2
        if hasLoss {
            logLoss[g] += w * rowLogLoss[i]
            brier[g] += w * rowBrier[i]
        }
        return (c, g)
    }

    /// A row whose score no other row shares.
    @inline(__always) private func addSingle(_ i: Int) {
        let (m, w) = weights(i)
        guard m != 0 else { return }
        let (c, g) = addCounts(i, m, w)
        guard hasScore else { return }
        let base = g * slotsPerFinest
        if c & 2 != 0 {
            for k in 0..<slotsPerFinest {
                let s = Int(slots[base + k])
                aucNumerator[s] += w * negativeBelow[s]
            }
        } else {
            for k in 0..<slotsPerFinest { negativeBelow[Int(slots[base + k])] += w }
        }
    }

    /// A block of tied scores: negatives first, then positives get half credit for the ties.
    private func addTiedBlock(_ block: Range<Int>) {
        for j in block {
            let (m, w) = weights(j)
            if m == 0 { continue }
            let (c, g) = addCounts(j, m, w)
            if c & 2 == 0 {
                let base = g * slotsPerFinest
                for k in 0..<slotsPerFinest { negativeTied[Int(slots[base + k])] += w }
            }
        }
        for j in block where cell[j] & 2 != 0 {
            let (m, w) = weights(j)
            if m == 0 { continue }
            let base = Int(cell[j] >> 2) * slotsPerFinest
            for k in 0..<slotsPerFinest {
                let s = Int(slots[base + k])
                aucNumerator[s] += w * (negativeBelow[s] + 0.5 * negativeTied[s])
            }
        }
        for j in block where cell[j] & 2 == 0 {
            let base = Int(cell[j] >> 2) * slotsPerFinest
            for k in 0..<slotsPerFinest {
                let s = Int(slots[base + k])
                negativeBelow[s] += negativeTied[s]
                negativeTied[s] = 0
            }
        }
    }
}
