extension PolicyEngine {
    /// The evaluation a metric or fairness rule judges: the latest one on the dataset role.
    ///
    /// Engine 1 takes the latest evaluation that *claims* the role. Engine 2 and later take the
    /// latest whose data digest equals a dataset the version registered under that role; an
    /// evaluation on any other file is shown in the message but never satisfies a gate.
    /// - Returns: The evaluation, or the `error` check to report when there is none.
    static func boundEvaluation(
        role: String, facts: PromotionFacts, semantics: EngineSemantics, bound: String
    ) -> Result<EvaluationFact, RuleCheckFailure> {
        guard semantics.bindsEvidenceToDatasets else {
            guard let evaluation = facts.latestEvaluation(datasetRole: role) else {
                return .failure(RuleCheckFailure(.error("no evaluation on the '\(role)' dataset", bound: bound)))
            }
            return .success(evaluation)
        }
        let registered = Set(facts.version.datasets.filter { $0.role == role }.map(\.digest))
        let unbound = facts.evaluations.filter { !registered.contains($0.dataDigest) }.sorted { $0.seq < $1.seq }
        let notCounted =
            unbound.isEmpty
            ? "" : "; not counted (other data): " + unbound.map { "seq \($0.seq) on \($0.dataDigest)" }.joined(separator: ", ")
        guard !registered.isEmpty else {
            return .failure(
                RuleCheckFailure(
                    .error(
                        "version \(facts.version.number) registered no '\(role)' dataset, so no evaluation can count"
                            + " (register it with --dataset \(role)=FILE)" + notCounted,
                        bound: bound, cited: unbound.map(\.seq))))
        }
        guard let evaluation = facts.evaluations.filter({ registered.contains($0.dataDigest) }).max(by: { $0.seq < $1.seq })
        else {
            let digests = registered.sorted().joined(separator: ", ")
            return .failure(
                RuleCheckFailure(
                    .error(
                        "no evaluation on the version's registered '\(role)' dataset (\(digests))" + notCounted,
                        bound: bound, cited: unbound.map(\.seq))))
        }
        return .success(evaluation)
    }

    /// The monitoring result a drift rule judges: the latest one; in engine 2 and later, the
    /// latest whose reference data is a dataset the version registered under `referenceRole`.
    static func boundMonitoring(
        referenceRole: String, facts: PromotionFacts, semantics: EngineSemantics, bound: String
    ) -> Result<MonitoringFact, RuleCheckFailure> {
        let missing = RuleCheckFailure(
            .fail("no monitoring result recorded for this version; run `attest monitor` first", bound: bound))
        guard semantics.bindsEvidenceToDatasets else {
            guard let result = facts.latestMonitoring else { return .failure(missing) }
            return .success(result)
        }
        guard !facts.monitoring.isEmpty else { return .failure(missing) }
        let registered = Set(facts.version.datasets.filter { $0.role == referenceRole }.map(\.digest))
        guard let result = facts.monitoring.filter({ $0.referenceDigest.map(registered.contains) ?? false }).max(by: { $0.seq < $1.seq })
        else {
            let others = facts.monitoring.sorted { $0.seq < $1.seq }
            let list = others.map { "seq \($0.seq) against \($0.referenceDigest ?? "unknown reference data")" }.joined(separator: ", ")
            let wanted =
                registered.isEmpty
                ? "the version registered no '\(referenceRole)' dataset"
                : "none is against the version's registered '\(referenceRole)' dataset (\(registered.sorted().joined(separator: ", ")))"
            return .failure(
                RuleCheckFailure(
                    .error("no monitoring result counts: \(wanted); not counted: \(list)", bound: bound, cited: others.map(\.seq))))
        }
        return .success(result)
    }
}

/// A rule check that ends the rule early (no evidence to judge), carried through `Result`.
struct RuleCheckFailure: Error {
    let check: RuleCheck
    init(_ check: RuleCheck) { self.check = check }
}
