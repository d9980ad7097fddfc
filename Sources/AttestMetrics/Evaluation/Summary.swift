/// Metrics of every slot and disparities of every grouping, computed from ``CellTotals``.
/// Shared by the point estimate and the bootstrap replicates.
struct Summary {
    /// Per slot (0 = overall), metrics in catalog order.
    var slotMetrics: [[MetricValue]]
    /// Per grouping, the 16 disparities in ``DisparityCalculator/layout`` order (classification).
    var disparities: [[MetricValue]]

    /// Which groups (local indices) of each grouping take part in disparities.
    typealias Participation = [[Int]]

    init(data: PreparedData, totals: CellTotals, participation: Participation) {
        let groups = data.groups
        let spf = groups.slotsPerFinest
        switch data.task {
        case .binaryClassification:
            var slots = [ConfusionTotals](repeating: ConfusionTotals(), count: groups.slotCount)
            for g in 0..<groups.finestCount {
                let base = g * 4
                let tn = totals.weight[base], fp = totals.weight[base + 1]
                let fn = totals.weight[base + 2], tp = totals.weight[base + 3]
                let c = totals.count[base] + totals.count[base + 1] + totals.count[base + 2] + totals.count[base + 3]
                for k in 0..<spf {
                    let s = Int(groups.finestSlots[g * spf + k])
                    slots[s].tn += tn
                    slots[s].fp += fp
                    slots[s].fn += fn
                    slots[s].tp += tp
                    slots[s].count += c
                    slots[s].logLoss += totals.logLoss[g]
                    slots[s].brier += totals.brier[g]
                }
            }
            for s in 0..<groups.slotCount { slots[s].aucNumerator = totals.aucNumerator[s] }
            let hasScore = data.score != nil
            let slotMetrics = slots.map { $0.metrics(probabilityProblem: data.probabilityProblem, hasScore: hasScore) }
            self.slotMetrics = slotMetrics
            var disparities: [[MetricValue]] = []
            for (j, grouping) in groups.groupings.enumerated() {
                let members = participation[j]
                let labels = members.map { grouping.values[$0].joined(separator: ", ") }
                func series(_ name: String, _ index: Int) -> DisparityCalculator.Series {
                    DisparityCalculator.Series(
                        name: name, groups: members.map { slotMetrics[grouping.slotOffset + $0][index] },
                        labels: labels, overall: slotMetrics[0][index])
                }
                disparities.append(
                    DisparityCalculator.all(
                        selection: series("selection_rate", ConfusionTotals.Index.selectionRate),
                        tpr: series("recall", ConfusionTotals.Index.recall),
                        fpr: series("false_positive_rate", ConfusionTotals.Index.falsePositiveRate)))
            }
            self.disparities = disparities
        case .regression:
            var slots = [RegressionTotals](repeating: RegressionTotals(), count: groups.slotCount)
            for g in 0..<groups.finestCount {
                for k in 0..<spf {
                    let s = Int(groups.finestSlots[g * spf + k])
                    slots[s].merge(
                        weight: totals.sumWeight[g], mean: totals.mean[g], m2: totals.m2[g],
                        absError: totals.absError[g], squaredError: totals.squaredError[g], count: totals.count[g * 4])
                }
            }
            slotMetrics = slots.map { $0.metrics() }
            disparities = []
        }
    }

    /// Metric indices that get bootstrap intervals.
    static func bootstrapMetricIndices(_ data: PreparedData) -> [Int] {
        switch data.task {
        case .binaryClassification:
            return Array(4...12) + (data.score != nil ? [13, 14, 15] : [])
        case .regression:
            return [2, 3, 4]
        }
    }

    /// The bootstrapped statistics as a flat vector (NaN where undefined).
    func flattened(metricIndices: [Int], into out: UnsafeMutableBufferPointer<Double>) {
        var k = 0
        for metrics in slotMetrics {
            for i in metricIndices {
                out[k] = metrics[i].raw
                k += 1
            }
        }
        for values in disparities {
            for v in values {
                out[k] = v.raw
                k += 1
            }
        }
    }
}
