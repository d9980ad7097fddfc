import AttestMetrics

extension PolicyEngine {
    /// `fairness_threshold`: a bound on a disparity of the latest evaluation, optionally on the
    /// unfavourable end of its bootstrap interval, with a minimum group size.
    static func checkFairness(
        _ p: FairnessThresholdParameters, facts: PromotionFacts, semantics: EngineSemantics
    ) -> RuleCheck {
        let bound = p.bound.description
        let evaluation: EvaluationFact
        switch boundEvaluation(role: p.datasetRole, facts: facts, semantics: semantics, bound: bound) {
        case .success(let found): evaluation = found
        case .failure(let failure): return failure.check
        }
        let cited = [evaluation.seq]
        let columns = p.sensitive.joined(separator: " & ")
        let partition = evaluation.partition(p.sensitive)
        if let minimum = p.minGroupSize {
            guard let partition else {
                return .error(
                    "evaluation seq \(evaluation.seq) has no groups for \(columns) to check min_group_size",
                    bound: bound, cited: cited)
            }
            let small = partition.groups.filter { $0.size < minimum }
            if !small.isEmpty {
                let list = small.map { "\($0.group) (n=\($0.size))" }.joined(separator: ", ")
                return .fail(
                    "groups of \(columns) below min_group_size \(minimum): \(list)", bound: bound,
                    cited: cited)
            }
        }
        let wanted = Set(p.sensitive)
        let aggregation = p.metric.takesAggregation ? (p.aggregation ?? .worstCase) : nil
        let fact = evaluation.disparities.first { fact in
            guard fact.metric == p.metric, Set(fact.sensitive) == wanted else { return false }
            if p.metric == .fourFifths { return true }
            guard fact.method == p.method else { return false }
            return aggregation == nil || (fact.aggregation ?? .worstCase) == aggregation
        }
        let subject = describe(p, columns: columns) + " (seq \(evaluation.seq))"
        let value: MetricValue
        var interval: IntervalFact?
        if let fact {
            value = fact.value
            interval = fact.interval
        } else if p.metric == .fourFifths, let partition {
            value = fourFifthsRatio(partition)
        } else {
            return .error(
                "evaluation seq \(evaluation.seq) has no \(describe(p, columns: columns))", bound: bound,
                cited: cited)
        }
        if p.useInterval {
            guard let interval else {
                return .fail(
                    "\(subject) has no bootstrap interval, and use_interval requires one", bound: bound,
                    cited: cited)
            }
            let end = p.bound.op.higherIsBetter ? interval.lower : interval.upper
            let side = p.bound.op.higherIsBetter ? "lower" : "upper"
            return .compare(end, p.bound, subject: "\(side) end of the interval of \(subject)", cited: cited)
        }
        guard let number = value.value else {
            return .fail(
                "\(subject) is \(value) (fail closed)", observed: .text(value.description), bound: bound,
                cited: cited)
        }
        return .compare(number, p.bound, subject: subject, cited: cited)
    }

    /// `demographic_parity_ratio (between_groups) on sex`, for messages.
    private static func describe(_ p: FairnessThresholdParameters, columns: String) -> String {
        var text = p.metric.rawValue
        if p.metric != .fourFifths {
            text += " (\(p.method.rawValue)"
            if p.metric.takesAggregation { text += ", \((p.aggregation ?? .worstCase).rawValue)" }
            text += ")"
        }
        return text + " on \(columns)"
    }

    /// The selection-rate ratio min/max across the partition's groups.
    static func fourFifthsRatio(_ partition: GroupPartition) -> MetricValue {
        var rates: [Double] = []
        for group in partition.groups {
            guard let rate = group.metrics[PerformanceMetric.selectionRate.rawValue] else {
                return .undefined(reason: "group \(group.group) has no selection_rate")
            }
            guard let number = rate.value else {
                return .undefined(reason: "selection_rate of group \(group.group) is \(rate)")
            }
            rates.append(number)
        }
        guard let low = rates.min(), let high = rates.max() else {
            return .undefined(reason: "no groups")
        }
        guard high > 0 else { return .undefined(reason: "every group has selection_rate 0") }
        return .defined(low / high)
    }
}
