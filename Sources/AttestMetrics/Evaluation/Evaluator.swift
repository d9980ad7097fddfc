/// Computes performance and fairness metrics from evaluation data.
public enum Evaluator {
    /// Evaluates a table.
    /// - Parameters:
    ///   - table: The data, read with at least ``EvaluationSpec/columnRequests``.
    ///   - spec: What to evaluate.
    /// - Returns: The report.
    /// - Throws: ``MetricsError`` for missing values (without `dropMissing`), non-binary
    ///   labels, an unknown positive label, negative weights, sums that overflow, or an invalid
    ///   specification.
    public static func evaluate(_ table: DataTable, spec: EvaluationSpec) throws -> EvaluationReport {
        if let b = spec.bootstrap {
            guard b.replicates >= 1, b.confidenceLevel > 0, b.confidenceLevel < 1, (b.threads ?? 1) >= 1 else {
                throw MetricsError(
                    .invalidSpecification, source: table.source,
                    message: "bootstrap needs replicates >= 1, 0 < confidenceLevel < 1 and threads >= 1",
                    hint: "e.g. 1000 replicates at confidence level 0.95")
            }
        }
        let data = try PreparedData(table: table, spec: spec)
        let names = spec.task == .binaryClassification ? MetricCatalog.classification : MetricCatalog.regression
        var totals = CellTotals(finestCount: data.groups.finestCount, slotCount: data.groups.slotCount)
        totals.accumulate(data, multiplicity: nil)
        let everyone = data.groups.groupings.map { Array(0..<$0.count) }
        var summary = Summary(data: data, totals: totals, participation: everyone)
        try checkFinite(summary.slotMetrics, names: names, source: table.source)
        var participation = everyone
        if spec.disparityGroups == .sufficientOnly {
            participation = data.groups.groupings.map { grouping in
                (0..<grouping.count).filter { (summary.slotMetrics[grouping.slotOffset + $0][0].value ?? 0) >= Double(spec.minGroupSize) }
            }
            summary = Summary(data: data, totals: totals, participation: participation)
        }
        let hidden: Set<String> = spec.task == .binaryClassification && spec.score == nil ? ["roc_auc", "log_loss", "brier_score"] : []
        func dictionary(_ metrics: [MetricValue]) -> [String: MetricValue] {
            var out: [String: MetricValue] = [:]
            for (i, name) in names.enumerated() where !hidden.contains(name) { out[name] = metrics[i] }
            return out
        }
        var groupings: [GroupingReport] = []
        for (j, grouping) in data.groups.groupings.enumerated() {
            var groups: [GroupReport] = []
            for local in 0..<grouping.count {
                let metrics = summary.slotMetrics[grouping.slotOffset + local]
                let count = Int(metrics[0].value ?? 0)
                groups.append(
                    GroupReport(
                        values: grouping.values[local], label: grouping.values[local].joined(separator: ", "),
                        count: count, weight: metrics[1].value ?? 0, insufficient: count < spec.minGroupSize,
                        metrics: dictionary(metrics), intervals: nil))
            }
            var disparities: [DisparityResult] = []
            var fourFifths: FourFifthsResult? = nil
            if spec.task == .binaryClassification {
                for (k, entry) in DisparityCalculator.layout.enumerated() {
                    disparities.append(
                        DisparityResult(
                            name: entry.name, method: entry.method, aggregation: entry.aggregation,
                            value: summary.disparities[j][k], interval: nil))
                }
                let members = participation[j]
                fourFifths = FourFifthsRule.evaluate(
                    rates: members.map { summary.slotMetrics[grouping.slotOffset + $0][ConfusionTotals.Index.selectionRate] },
                    labels: members.map { grouping.values[$0].joined(separator: ", ") })
            }
            groupings.append(
                GroupingReport(
                    columns: grouping.columns, isIntersection: grouping.isIntersection, groups: groups,
                    disparities: disparities, fourFifths: fourFifths))
        }
        var report = EvaluationReport(
            source: table.source, task: spec.task, rowCount: data.rowCount, droppedRows: data.droppedRows,
            evaluatedRows: data.n, columnsUsed: spec.columnRequests.map(\.name), positiveLabel: data.positiveLabel,
            minGroupSize: spec.minGroupSize, disparityGroups: spec.disparityGroups,
            overall: dictionary(summary.slotMetrics[0]), overallIntervals: nil, groupings: groupings, bootstrap: nil,
            curves: CurvePass.curves(data))
        if let bootstrap = spec.bootstrap {
            let indices = Summary.bootstrapMetricIndices(data)
            let statCount = data.groups.slotCount * indices.count + summary.disparities.count * DisparityCalculator.layout.count
            let intervals = BootstrapRunner.run(
                data: data, participation: participation, spec: bootstrap, metricIndices: indices, statCount: statCount)
            func slotIntervals(_ slot: Int) -> [String: ConfidenceInterval] {
                var out: [String: ConfidenceInterval] = [:]
                for (k, i) in indices.enumerated() { out[names[i]] = intervals[slot * indices.count + k] }
                return out
            }
            report.overallIntervals = slotIntervals(0)
            var k = data.groups.slotCount * indices.count
            for (j, grouping) in data.groups.groupings.enumerated() {
                for local in 0..<grouping.count {
                    report.groupings[j].groups[local].intervals = slotIntervals(grouping.slotOffset + local)
                }
                for d in report.groupings[j].disparities.indices {
                    report.groupings[j].disparities[d].interval = intervals[k]
                    k += 1
                }
            }
            report.bootstrap = BootstrapSummary(
                replicates: bootstrap.replicates, seed: bootstrap.seed, confidenceLevel: bootstrap.confidenceLevel,
                method:
                    "nonparametric row bootstrap: n rows drawn uniformly with replacement per replicate; percentile intervals (numpy 'linear')",
                generator:
                    "xoshiro256** per replicate, seeded by SplitMix64(mix(seed ^ mix(replicate + 0x9E3779B97F4A7C15))); Lemire bounded integers"
            )
        }
        return report
    }

    /// Refuses metrics that a weighted sum overflowed into (infinite or not a number): a
    /// number that is not finite must never be recorded as evidence.
    /// - Throws: ``MetricsError`` (`invalidValue`) naming the metric.
    static func checkFinite(_ slots: [[MetricValue]], names: [String], source: String) throws {
        for metrics in slots {
            for (i, metric) in metrics.enumerated() {
                guard let value = metric.value, !value.isFinite else { continue }
                throw MetricsError(
                    .invalidValue, source: source,
                    message: "\(names[i]) overflows (\(value)): a weighted sum exceeds the largest double (about 1.8e308)",
                    hint: "scale the weights or the values down")
            }
        }
    }

    /// Reads a file and evaluates it.
    /// - Parameters:
    ///   - path: A CSV or JSON Lines file.
    ///   - format: The format; inferred from the extension when `nil`.
    ///   - spec: What to evaluate.
    /// - Returns: The report.
    /// - Throws: ``MetricsError`` for unreadable or malformed input, or as ``evaluate(_:spec:)``.
    public static func evaluate(file path: String, format: TableFormat? = nil, spec: EvaluationSpec) throws -> EvaluationReport {
        let table = try DataTable.read(contentsOf: path, format: format, columns: spec.columnRequests)
        return try evaluate(table, spec: spec)
    }

    /// Reads bytes in memory and evaluates them.
    /// - Parameters:
    ///   - bytes: The input.
    ///   - source: The name used in error messages.
    ///   - format: The format.
    ///   - spec: What to evaluate.
    /// - Returns: The report.
    /// - Throws: ``MetricsError`` for malformed input, or as ``evaluate(_:spec:)``.
    public static func evaluate(bytes: [UInt8], source: String, format: TableFormat, spec: EvaluationSpec) throws -> EvaluationReport {
        let table = try DataTable.read(bytes: bytes, source: source, format: format, columns: spec.columnRequests)
        return try evaluate(table, spec: spec)
    }
}
