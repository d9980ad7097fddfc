import AttestMetrics
import AttestPolicy
import Foundation
import Testing

/// A rule, a change to the base facts, and the status expected.
struct RuleCase: CustomTestStringConvertible, Sendable {
    let label: String
    let rule: String
    let status: RuleStatus
    let change: @Sendable (inout PromotionFacts) -> Void
    var testDescription: String { label }

    init(_ label: String, _ status: RuleStatus, _ rule: String, _ change: @escaping @Sendable (inout PromotionFacts) -> Void = { _ in }) {
        self.label = label
        self.rule = rule
        self.status = status
        self.change = change
    }
}

let stageRule = "  - {id: r, kind: stage_transition, from: [staging]}"
let aucRule = "  - {id: r, kind: metric_threshold, metric: roc_auc, op: '>=', value: 0.7}"
let groupRule = "  - {id: r, kind: metric_threshold, metric: accuracy, scope: every_group, op: '>=', value: 0.8}"
let dpRule = "  - {id: r, kind: fairness_threshold, metric: demographic_parity_ratio, sensitive: [sex], op: '>=', value: 0.8}"
let dpIntervalRule =
    "  - {id: r, kind: fairness_threshold, metric: demographic_parity_ratio, sensitive: [sex], op: '>=', value: 0.8, use_interval: true}"
let eoRule = "  - {id: r, kind: fairness_threshold, metric: equalized_odds_difference, sensitive: [sex], op: '<=', value: 0.1}"
let ffRule = "  - {id: r, kind: fairness_threshold, metric: four_fifths, sensitive: [sex]}"
let evidenceRule =
    "  - {id: r, kind: required_evidence, documents: [model_card], datasets: [train, test], code_commit: true, evaluation_on_test_dataset: true}"
let driftRule = "  - {id: r, kind: drift_threshold, metric: psi, op: '<=', value: 0.25}"
let driftColumnRule = "  - {id: r, kind: drift_threshold, metric: ks_pvalue, column: income, op: '>=', value: 0.05}"
let cooldownRule = "  - {id: r, kind: cooldown, min_duration: 7d}"

@Suite("Rule kinds")
struct RuleKindTests {
    static let cases: [RuleCase] = [
        RuleCase("stage_transition pass", .pass, stageRule),
        RuleCase("stage_transition fail", .fail, stageRule) { $0.version.stage = .development },
        RuleCase("metric overall pass", .pass, aucRule),
        RuleCase("metric overall fail", .fail, aucRule) { $0.evaluations[0].overall["roc_auc"] = .defined(0.69) },
        RuleCase("metric undefined fails closed", .fail, aucRule) {
            $0.evaluations[0].overall["roc_auc"] = .undefined(reason: "one class")
        },
        RuleCase("metric missing is an error", .error, aucRule) { $0.evaluations[0].overall["roc_auc"] = nil },
        RuleCase("metric without evaluation is an error", .error, aucRule) { $0.evaluations = [] },
        RuleCase("metric on an evaluation of another file is an error", .error, aucRule) {
            $0.evaluations[0].dataDigest = "sha256:ffff"
        },
        RuleCase("metric counts an evaluation of the registered test file whatever role it claims", .pass, aucRule) {
            $0.evaluations[0].datasetRole = "validation"
        },
        RuleCase("metric with no registered test dataset is an error", .error, aucRule) {
            $0.version.datasets.removeAll { $0.role == "test" }
        },
        RuleCase("drift against another reference is an error", .error, driftRule) {
            $0.monitoring[0].referenceDigest = "sha256:ffff"
        },
        RuleCase("metric uses the latest evaluation", .fail, aucRule) {
            var newer = $0.evaluations[0]
            newer.seq = 40
            newer.overall["roc_auc"] = .defined(0.6)
            $0.evaluations.insert(newer, at: 0)
        },
        RuleCase("every_group pass", .pass, groupRule),
        RuleCase("every_group fail", .fail, groupRule) {
            $0.evaluations[0].groups[0].groups[0].metrics["accuracy"] = .defined(0.79)
        },
        RuleCase("every_group insufficient fails by default", .fail, groupRule) {
            $0.evaluations[0].groups[0].groups[0].insufficient = true
        },
        RuleCase(
            "every_group insufficient skipped on request", .pass,
            groupRule.replacingOccurrences(of: "}", with: ", insufficient_groups: skip}")
        ) {
            $0.evaluations[0].groups[0].groups[0].insufficient = true
            $0.evaluations[0].groups[0].groups[0].metrics["accuracy"] = .defined(0.1)
        },
        RuleCase("every_group without groups is an error", .error, groupRule) { $0.evaluations[0].groups = [] },
        RuleCase(
            "every_group on an unknown partition is an error", .error,
            groupRule.replacingOccurrences(of: "}", with: ", sensitive: [race]}")),
        RuleCase("fairness pass", .pass, dpRule),
        RuleCase("fairness fail", .fail, dpRule) { $0.evaluations[0].disparities[0].value = .defined(0.79) },
        RuleCase("fairness undefined fails closed", .fail, dpRule) {
            $0.evaluations[0].disparities[0].value = .undefined(reason: "a group selects nobody")
        },
        RuleCase("fairness missing measure is an error", .error, dpRule) { $0.evaluations[0].disparities = [] },
        RuleCase("fairness other method is an error", .error, dpRule) {
            $0.evaluations[0].disparities[0].method = .toOverall
        },
        RuleCase("fairness interval lower end fails", .fail, dpIntervalRule),
        RuleCase("fairness interval lower end passes", .pass, dpIntervalRule) {
            $0.evaluations[0].disparities[0].interval = IntervalFact(lower: 0.81, upper: 0.9)
        },
        RuleCase("fairness without interval fails", .fail, dpIntervalRule) {
            $0.evaluations[0].disparities[0].interval = nil
        },
        RuleCase(
            "fairness min_group_size fails small groups", .fail,
            dpRule.replacingOccurrences(of: "}", with: ", min_group_size: 500}")),
        RuleCase("equalized odds pass", .pass, eoRule),
        RuleCase(
            "equalized odds with another aggregation is an error", .error,
            eoRule.replacingOccurrences(of: "}", with: ", agg: mean}")),
        RuleCase("four_fifths from group selection rates passes", .pass, ffRule),
        RuleCase("four_fifths fails", .fail, ffRule) {
            $0.evaluations[0].groups[0].groups[0].metrics["selection_rate"] = .defined(0.3)
        },
        RuleCase("four_fifths recorded value wins", .fail, ffRule) {
            $0.evaluations[0].disparities.append(DisparityFact(metric: .fourFifths, sensitive: ["sex"], value: .defined(0.7)))
        },
        RuleCase("four_fifths without groups is an error", .error, ffRule) { $0.evaluations[0].groups = [] },
        RuleCase("evidence pass", .pass, evidenceRule),
        RuleCase("evidence missing document", .fail, evidenceRule) { $0.version.evidence.removeFirst() },
        RuleCase("evidence missing dataset", .fail, evidenceRule) { $0.version.datasets.removeFirst() },
        RuleCase("evidence missing commit", .fail, evidenceRule) { $0.version.codeCommit = nil },
        RuleCase("evidence dataset recorded without a digest", .fail, evidenceRule) { $0.version.datasets[0].digest = "" },
        RuleCase("evidence evaluation on another file", .fail, evidenceRule) {
            $0.evaluations[0].dataDigest = "sha256:ffff"
        },
        RuleCase("drift pass", .pass, driftRule),
        RuleCase("drift fail", .fail, driftRule) { $0.monitoring[0].columns[1].metrics["psi"] = .defined(0.3) },
        RuleCase("drift without monitoring fails", .fail, driftRule) { $0.monitoring = [] },
        RuleCase(
            "drift metric reported by no column is an error", .error,
            driftRule.replacingOccurrences(of: "psi", with: "js_distance")),
        RuleCase("drift p-value on a column pass", .pass, driftColumnRule),
        RuleCase("drift p-value on a column fail", .fail, driftColumnRule) {
            $0.monitoring[0].columns[0].metrics["ks_pvalue"] = .defined(0.01)
        },
        RuleCase(
            "drift unknown column is an error", .error,
            driftColumnRule.replacingOccurrences(of: "income", with: "zip")),
        RuleCase("cooldown pass", .pass, cooldownRule),
        RuleCase("cooldown fail", .fail, cooldownRule) { $0.version.stageEnteredAt = march(15) },
    ]

    @Test("each rule kind passes, fails and errs as it should", arguments: cases)
    func status(_ ruleCase: RuleCase) throws {
        var facts = baseFacts()
        ruleCase.change(&facts)
        let result = try outcome(ruleCase.rule, facts)
        #expect(result.status == ruleCase.status, "\(result.message)")
        #expect(!result.message.isEmpty)
    }

    @Test("outcomes cite the entries they rest on")
    func citations() throws {
        #expect(try outcome(aucRule).citedSeqs == [21])
        #expect(try outcome(stageRule).citedSeqs == [25])
        #expect(try outcome(evidenceRule).citedSeqs == [10, 12, 21])
        #expect(try outcome(driftRule).citedSeqs == [22])
        let result = try outcome(aucRule)
        #expect(result.observed == .number(0.91))
        #expect(result.bound == ">= 0.7")
    }

    @Test("an advisory rule that fails is advisory_fail and does not deny")
    func advisory() throws {
        var facts = baseFacts()
        facts.monitoring = []
        let set = try loadSet(policy(driftRule.replacingOccurrences(of: "}", with: ", enforcement: advisory}")))
        let decision = PolicyEngine.evaluate(set: set, facts: facts)
        let own = try #require(decision.outcomes.first { $0.policy != PolicyEngine.builtInPolicyName })
        #expect(own.status == .advisoryFail)
        #expect(own.underlyingStatus == .fail)
        #expect(decision.result == .allow)
    }

    @Test("a rule that names another dataset role judges the evaluation on that registered dataset, and only that one")
    func ruleNamesAnotherDatasetRole() throws {
        var facts = baseFacts()
        facts.version.datasets.append(DatasetFact(role: "validation", digest: "sha256:3333", seq: 10))
        var validation = facts.evaluations[0]
        validation.seq = 23
        validation.datasetRole = "validation"
        validation.dataDigest = "sha256:3333"
        validation.overall["roc_auc"] = .defined(0.65)
        facts.evaluations.append(validation)
        let onValidation = aucRule.replacingOccurrences(of: "}", with: ", dataset_role: validation}")
        let judged = try outcome(onValidation, facts)
        #expect(judged.status == .fail, "the validation evaluation (0.65) is judged, not the later-listed test one")
        #expect(judged.observed == .number(0.65))
        #expect(judged.citedSeqs == [23])
        #expect(try outcome(aucRule, facts).citedSeqs == [21], "the default role is still test")
        // An evaluation that only claims the role, on a file the version did not register as
        // validation data, counts for nothing.
        facts.evaluations[1].dataDigest = "sha256:2222"
        let unregistered = try outcome(onValidation, facts)
        #expect(unregistered.status == .error)
        #expect(unregistered.message.contains("no evaluation on the version's registered 'validation' dataset"), "\(unregistered.message)")
    }
}
