import AttestMetrics

extension PolicyEngine {
    /// `metric_threshold`: a bound on a metric of the latest evaluation on a dataset role,
    /// overall or in every group.
    static func checkMetric(_ p: MetricThresholdParameters, facts: PromotionFacts, semantics: EngineSemantics) -> RuleCheck {
        let evaluation: EvaluationFact
        switch boundEvaluation(role: p.datasetRole, facts: facts, semantics: semantics, bound: p.bound.description) {
        case .success(let found): evaluation = found
        case .failure(let failure): return failure.check
        }
        let name = p.metric.rawValue
        let cited = [evaluation.seq]
        switch p.scope {
        case .overall:
            guard let value = evaluation.overall[name] else {
                return .error(
                    "evaluation seq \(evaluation.seq) has no overall \(name)", bound: p.bound.description,
                    cited: cited)
            }
            guard let number = value.value else {
                return .fail(
                    "overall \(name) is \(value) (fail closed)", observed: .text(value.description),
                    bound: p.bound.description, cited: cited)
            }
            return .compare(number, p.bound, subject: "overall \(name) (seq \(evaluation.seq))", cited: cited)
        case .everyGroup:
            let partitions: [GroupPartition]
            if let sensitive = p.sensitive {
                guard let partition = evaluation.partition(sensitive) else {
                    return .error(
                        "evaluation seq \(evaluation.seq) has no groups for "
                            + sensitive.joined(separator: " & "), bound: p.bound.description, cited: cited)
                }
                partitions = [partition]
            } else {
                partitions = evaluation.groups
            }
            var values: [Double] = []
            var failures: [String] = []
            var skipped: [String] = []
            for partition in partitions {
                let columns = partition.sensitive.joined(separator: " & ")
                for group in partition.groups {
                    let label = "\(columns)=\(group.group)"
                    if group.insufficient {
                        if p.insufficientGroups == .skip {
                            skipped.append(label)
                        } else {
                            failures.append("\(label) insufficient (n=\(group.size))")
                        }
                        continue
                    }
                    guard let value = group.metrics[name] else {
                        failures.append("\(label) has no \(name)")
                        continue
                    }
                    guard let number = value.value else {
                        failures.append("\(label) \(value)")
                        continue
                    }
                    values.append(number)
                    if !p.bound.isSatisfied(by: number) { failures.append("\(label) \(formatNumber(number))") }
                }
            }
            guard !values.isEmpty || !failures.isEmpty else {
                return .error(
                    "evaluation seq \(evaluation.seq) has no groups to check for \(name)",
                    bound: p.bound.description, cited: cited)
            }
            let worst = p.bound.op.worst(values)
            let observed: ObservedValue? = worst.map { .number($0) }
            let skippedText = skipped.isEmpty ? "" : "; skipped insufficient: " + skipped.joined(separator: ", ")
            if failures.isEmpty {
                return .pass(
                    "\(name) \(p.bound) in all \(values.count) groups, worst "
                        + "\(worst.map(formatNumber) ?? "-")" + skippedText,
                    observed: observed, bound: p.bound.description, cited: cited)
            }
            return .fail(
                "\(name) must be \(p.bound) in every group; failing: " + failures.joined(separator: ", ")
                    + skippedText, observed: observed, bound: p.bound.description, cited: cited)
        }
    }
}
