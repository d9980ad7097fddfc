import AttestMetrics

extension PolicyEngine {
    /// `drift_threshold`: a bound on a drift statistic of the latest monitoring result, for one
    /// column or every column that reports it.
    static func checkDrift(_ p: DriftThresholdParameters, facts: PromotionFacts, semantics: EngineSemantics) -> RuleCheck {
        let bound = p.bound.description
        let name = p.metric.rawValue
        let result: MonitoringFact
        switch boundMonitoring(referenceRole: p.referenceRole, facts: facts, semantics: semantics, bound: bound) {
        case .success(let found): result = found
        case .failure(let failure): return failure.check
        }
        let cited = [result.seq]
        var columns = result.columns
        if let column = p.column {
            columns = columns.filter { $0.column == column }
            guard !columns.isEmpty else {
                return .error(
                    "monitoring result seq \(result.seq) has no column '\(column)'", bound: bound,
                    cited: cited)
            }
        }
        var values: [Double] = []
        var failures: [String] = []
        for column in columns {
            guard let value = column.metrics[name] else {
                if p.column != nil { failures.append("\(column.column) has no \(name)") }
                continue
            }
            guard let number = value.value else {
                failures.append("\(column.column) \(value)")
                continue
            }
            values.append(number)
            if !p.bound.isSatisfied(by: number) { failures.append("\(column.column) \(formatNumber(number))") }
        }
        guard !values.isEmpty || !failures.isEmpty else {
            return .error("monitoring result seq \(result.seq) reports no \(name)", bound: bound, cited: cited)
        }
        let observed = p.bound.op.worst(values).map { ObservedValue.number($0) }
        let scope = p.column.map { "column \($0)" } ?? "\(values.count) columns"
        if failures.isEmpty {
            return .pass(
                "\(name) \(bound) in \(scope) (seq \(result.seq)), worst \(observed?.description ?? "-")",
                observed: observed, bound: bound, cited: cited)
        }
        return .fail(
            "\(name) must be \(bound) (seq \(result.seq)); failing: " + failures.joined(separator: ", "),
            observed: observed, bound: bound, cited: cited)
    }
}
