import AttestMetrics
import AttestPolicy
import Foundation
import Testing

/// The package root, found from this file's path (works in the helper package and in main).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped policy directory.
let policiesDirectory = packageRoot.appendingPathComponent("policies")

/// A time on 2026-03-<day> at <hour>:00 UTC.
func march(_ day: Int, _ hour: Int = 12) -> Date {
    var components = DateComponents()
    components.year = 2026
    components.month = 3
    components.day = day
    components.hour = hour
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: components)!
}

/// Loads a one-file policy set from YAML text.
func loadSet(_ yaml: String, path: String = "test.yaml", settings: String? = nil) throws -> PolicySet {
    var files = [PolicySourceFile(path: path, bytes: Data(yaml.utf8))]
    if let settings { files.append(PolicySourceFile(path: "settings.yaml", bytes: Data(settings.utf8))) }
    return try PolicySetLoader.load(files: files)
}

/// A policy wrapping rules (YAML list items, indented by two spaces) for a production target.
func policy(_ rules: String, name: String = "p") -> String {
    """
    name: \(name)
    applies_to:
      target_stage: production
    rules:
    \(rules)
    """
}

/// Catches the PolicyError thrown by a closure.
func policyError(_ body: () throws -> Void) -> PolicyError? {
    do {
        try body()
        return nil
    } catch let error as PolicyError {
        return error
    } catch {
        return nil
    }
}

/// Facts for a high-risk model version in staging that passes a typical production gate.
func baseFacts() -> PromotionFacts {
    PromotionFacts(
        model: ModelFacts(name: "credit-risk", owner: "omar", riskTier: .high, tags: ["domain": "credit"], seq: 1),
        version: VersionFacts(
            number: 4, registrant: "dana", stage: .staging, stageEnteredAt: march(10), stageEnteredSeq: 25,
            registeredSeq: 10,
            datasets: [
                DatasetFact(role: "train", digest: "sha256:1111", seq: 10),
                DatasetFact(role: "test", digest: "sha256:2222", seq: 10),
            ],
            codeCommit: "9f1c2e7",
            evidence: [
                EvidenceDocument(kind: "model_card", digest: "sha256:aaaa", seq: 12, time: march(5)),
                EvidenceDocument(kind: "validation_report", digest: "sha256:bbbb", seq: 20, time: march(9)),
            ]),
        request: PromotionRequest(
            requester: "pat", requesterRoles: ["ml-engineer"], targetStage: .production, time: march(20)),
        approvals: [
            ReviewFact(
                actor: "vera", roles: ["validator"], version: 4, targetStage: .production, time: march(15),
                seq: 30),
            ReviewFact(
                actor: "rick", roles: ["risk-officer"], version: 4, targetStage: .production, time: march(16),
                seq: 31),
        ],
        evaluations: [
            EvaluationFact(
                seq: 21, time: march(9, 16), datasetRole: "test", dataDigest: "sha256:2222",
                overall: ["accuracy": .defined(0.86), "roc_auc": .defined(0.91)],
                groups: [
                    GroupPartition(
                        sensitive: ["sex"],
                        groups: [
                            GroupFact(
                                group: "F", size: 480,
                                metrics: [
                                    "accuracy": .defined(0.85),
                                    "selection_rate": .defined(0.38),
                                ]),
                            GroupFact(
                                group: "M", size: 520,
                                metrics: [
                                    "accuracy": .defined(0.87),
                                    "selection_rate": .defined(0.44),
                                ]),
                        ])
                ],
                disparities: [
                    DisparityFact(
                        metric: .demographicParityRatio, sensitive: ["sex"], value: .defined(0.864),
                        interval: IntervalFact(lower: 0.78, upper: 0.93, level: 0.95)),
                    DisparityFact(
                        metric: .equalizedOddsDifference, aggregation: .worstCase, sensitive: ["sex"],
                        value: .defined(0.05)),
                ])
        ],
        monitoring: [
            MonitoringFact(
                seq: 22, time: march(12), referenceDigest: "sha256:1111",
                columns: [
                    ColumnDrift(column: "income", metrics: ["psi": .defined(0.04), "ks_pvalue": .defined(0.4)]),
                    ColumnDrift(column: "age", metrics: ["psi": .defined(0.08), "ks_pvalue": .defined(0.2)]),
                ])
        ])
}

/// Evaluates one rule (YAML list item) against facts and returns its outcome.
func outcome(_ rule: String, _ facts: PromotionFacts = baseFacts()) throws -> RuleOutcome {
    let set = try loadSet(policy(rule))
    let decision = PolicyEngine.evaluate(set: set, facts: facts)
    // The first outcome of the policy's own (a promotion to production also gets the built-in floor's).
    return try #require(decision.outcomes.first { $0.policy != PolicyEngine.builtInPolicyName })
}
