import AttestLedger
import AttestMetrics
import AttestPolicy
@_spi(Benchmarks) import AttestRegistry
import Foundation

/// Issue 5's figures:
/// - the policy engine deciding a 20-rule set for a version with 50 approvals and 10
///   evaluations, in the library (median; target <= 1 ms), and the same decision with its facts
///   built from the ledger (`Registry.explain`);
/// - `attest promote` from process start to exit on a ledger of 100,000 entries (the release
///   `attest` binary next to this one; target <= 150 ms median);
/// - `verify --replay` of a ledger holding 10,000 decisions: decisions/s (library and CLI).
///
/// - Parameters:
///   - report: Collects the rows.
///   - quick: Fewer samples and a 1,000-decision replay ledger.
///   - replayLedger: a folder for the replay ledger and its keys, reused when it holds one and kept.
/// - Throws: `BenchError` when a fixture cannot be built or a decision does not replay.
func runGovernanceBenches(report: Report, quick: Bool, replayLedger: String? = nil) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "attest-gov-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    say("governance: policy engine, attest promote, verify --replay")
    try engineBench(folder: folder, report: report, quick: quick)
    try promoteBench(folder: folder, report: report, quick: quick)
    let place = replayLedger.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("replay")
    try replayBench(place: place, report: report, decisions: quick ? 1_000 : 10_000)
}

// MARK: Engine

private func engineBench(folder: URL, report: Report, quick: Bool) throws {
    let world = try GovernanceBenchWorld(folder: folder.appendingPathComponent("engine"), reviewers: 50)
    let version = try world.version(evaluations: 10, approvals: 50)
    let explanation = try world.registry.explain(
        GovernanceBenchWorld.model, version: version, to: .production, requester: "pat", at: world.later)
    let set = try world.registry.publishedPolicySet(at: try world.registry.policySetInForce()!.entry)
    let facts = explanation.facts
    // 20 rules and the built-in production floor.
    guard facts.approvals.count == 50, facts.evaluations.count == 10, explanation.decision.outcomes.count == 21 else {
        throw BenchError(
            "engine fixture: \(facts.approvals.count) approvals, \(facts.evaluations.count) evaluations, \(explanation.decision.outcomes.count) rules"
        )
    }
    let iterations = quick ? 2_000 : 10_000
    for _ in 0..<200 { _ = PolicyEngine.evaluate(set: set, facts: facts) }
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        samples.append(Measure.seconds { _ = PolicyEngine.evaluate(set: set, facts: facts) })
    }
    let median = Measure.median(samples)
    report.add(
        Row(
            measure:
                "policy engine: 20 rules, 50 approvals, 10 evaluations, median of \(Format.count(Double(iterations))) (p90 \(Format.ms(Measure.percentile(samples, 90))))",
            value: Format.ms(median), target: "<= 1 ms", peer: "Cedar: microseconds per authorization (quoted)", missed: median > 0.001))

    var built: [Double] = []
    for _ in 0..<(quick ? 50 : 200) {
        built.append(
            try Measure.seconds {
                _ = try world.registry.explain(
                    GovernanceBenchWorld.model, version: version, to: .production, requester: "pat", at: world.later)
            })
    }
    report.add(
        Row(
            measure: "facts from the ledger + decision (Registry.explain, same version), median",
            value: Format.ms(Measure.median(built))))
}

// MARK: attest promote

private func promoteBench(folder: URL, report: Report, quick: Bool) throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        report.note(
            "governance: skipped 'attest promote' (no attest binary at \(binary.path); build it with 'swift build -c release --product attest')"
        )
        return
    }
    let runs = quick ? 5 : 15
    let world = try GovernanceBenchWorld(folder: folder.appendingPathComponent("promote"), reviewers: 3)
    var versions: [Int] = []
    for _ in 0..<(runs + 1) { versions.append(try world.version(evaluations: 1, approvals: 0, stagingApproval: true)) }
    let filler = 100_000 - Int(try world.registry.ledger.size())
    let built = try Measure.seconds {
        var next = 0
        while next < filler {
            let count = min(5_000, filler - next)
            try world.registry.ledger.append(
                (next..<next + count).map { EntryDraft(type: "bench.event", payload: LedgerFixture.payload($0)) },
                signer: world.signer("alice"))
            next += count
        }
    }
    let size = try world.registry.ledger.size()
    report.note(
        "promote ledger: \(Format.count(Double(size))) entries (\(Format.count(Double(filler))) filler entries of \(LedgerFixture.payloadSize) B appended in \(Format.fixed(built, 1)) s)"
    )
    var samples: [Double] = []
    for (index, version) in versions.enumerated() {
        let start = ContinuousClock.now
        let status = try runAttest(
            binary, ["promote", GovernanceBenchWorld.model, String(version), "--to", "staging", "--as", "pat", "--ledger", world.path],
            home: world.home)
        let seconds = (ContinuousClock.now - start).seconds
        guard status == 0 else { throw BenchError("attest promote \(GovernanceBenchWorld.model) \(version) exited \(status)") }
        if index > 0 { samples.append(seconds) }  // the first run warms the page cache
    }
    let median = Measure.median(samples)
    report.add(
        Row(
            measure:
                "attest promote (allowed, 5-rule staging gate), process start to exit, \(Format.count(Double(size)))-entry ledger, median of \(samples.count)",
            value: Format.ms(median), target: "<= 150 ms", missed: median > 0.150))
}

// MARK: verify --replay

private func replayBench(place: URL, report: Report, decisions: Int) throws {
    let path = place.appendingPathComponent("attest.ledger").path
    let registry: Registry
    if FileManager.default.fileExists(atPath: path) {
        registry = try Registry.open(at: path)
        report.note("replay ledger: reused \(path), \(Format.count(Double(try registry.ledger.size()))) entries")
    } else {
        registry = try buildReplayLedger(place: place, report: report, decisions: decisions)
    }
    let total = try registry.ledger.entries(types: [EventType.promotionDecided]).count
    // The peer: the same replay with the facts rebuilt from the tables at every decision.
    var rates: [Bool: Double] = [:]
    for carrying in [false, true] {
        var replayed: ReplayReport?
        let seconds = try Measure.seconds { replayed = try registry.replayDecisions(carryingFacts: carrying) }
        guard let result = replayed, result.decisions == total, result.isValid else {
            throw BenchError(
                "replay: \(replayed?.decisions ?? 0) decisions, \(replayed?.mismatches.count ?? 0) mismatches, first: \(replayed?.mismatches.first.map(String.init(describing:)) ?? "-")"
            )
        }
        rates[carrying] = Double(total) / seconds
    }
    let (carried, rebuilt) = (rates[true]!, rates[false]!)
    report.add(
        Row(
            measure:
                "replay of \(Format.count(Double(total))) recorded decisions (library, facts carried forward between a version's decisions)",
            value: "\(Format.count(carried)) decisions/s", target: ">= 5,000/s",
            peer: "facts rebuilt at each decision \(Format.count(rebuilt))/s", ratio: "\(Format.fixed(carried / rebuilt, 2))x",
            missed: carried < 5_000))

    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else { return }
    let start = ContinuousClock.now
    let status = try runAttest(binary, ["verify", "--replay", "--ledger", path], home: place.appendingPathComponent("home"))
    let cli = (ContinuousClock.now - start).seconds
    guard status == 0 else { throw BenchError("attest verify --replay exited \(status)") }
    report.add(
        Row(
            measure: "attest verify --replay (signatures, Merkle tree, projections and \(Format.count(Double(total))) decisions), process",
            value: "\(Format.fixed(cli, 2)) s (\(Format.count(Double(total) / cli)) decisions/s overall)"))
}

/// The replay ledger: `decisions` denied production requests over 20 versions, in `place`.
private func buildReplayLedger(place: URL, report: Report, decisions: Int) throws -> Registry {
    let world = try GovernanceBenchWorld(folder: place, reviewers: 5)
    var versions: [Int] = []
    for index in 0..<20 { versions.append(try world.version(evaluations: 2, approvals: index % 4)) }
    // Decisions as `promote` records them (denied production requests, which change no stage),
    // computed by the engine and appended 500 per transaction to build the ledger quickly.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let published = try world.registry.policySetInForce()!
    let built = try Measure.seconds {
        var made = 0
        while made < decisions {
            var drafts: [(draft: EntryDraft, micros: Int64)] = []
            let base = try world.registry.ledger.size()
            for offset in 0..<min(500, decisions - made) {
                let version = versions[(made + offset) % versions.count]
                // The decision's time is its entry's time, exactly (replay checks it): a whole
                // second, rounded up, so never before the entries already written.
                let time = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up))
                let explanation = try world.registry.explain(
                    GovernanceBenchWorld.model, version: version, to: .production, requester: "pat", at: time)
                var facts = explanation.facts
                facts.request.seq = base + UInt64(offset)
                let decision = explanation.decision
                let record = PromotionDecided(
                    model: GovernanceBenchWorld.model, version: version, to: "production", result: decision.result.rawValue,
                    request: PromotionRequestRecord(
                        requester: "pat", requesterRoles: facts.request.requesterRoles, fromStage: decision.fromStage.rawValue,
                        toStage: "production", overrideRules: nil, justification: nil),
                    policySet: PolicySetReference(hash: published.hash, entry: published.entry), time: iso(time),
                    engine: PromotionEngine.version, factsDigest: SHA256.hash(try encoder.encode(facts)).description,
                    inputs: explanation.inputs, overridden: [], decision: decision, timeBasis: explanation.timeBasis)
                drafts.append(
                    (try EntryDraft(type: EventType.promotionDecided, encoding: record), Int64(time.timeIntervalSince1970) * 1_000_000))
            }
            try world.registry.ledger.write { writer in
                for (draft, micros) in drafts { try writer.append(draft, signer: world.signer("pat"), timeMicros: micros) }
            }
            made += drafts.count
        }
    }
    report.note(
        "replay ledger: \(Format.count(Double(decisions))) decisions over 20 versions (2 evaluations each, 0-3 approvals), \(Format.count(Double(try world.registry.ledger.size()))) entries, built in \(Format.fixed(built, 1)) s"
    )
    return world.registry
}

private func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
}

/// A registry whose people have unencrypted keys in a keystore (for the `attest` process), a
/// published 25-rule policy set (the shipped staging gate and a 20-rule production gate) and
/// model `bench-credit` (high risk).
struct GovernanceBenchWorld {
    static let model = "bench-credit"
    static let origin = "bench.example.com/governance"

    let path: String
    let home: URL
    let registry: Registry
    let signers: [String: Signer]
    let folder: URL
    /// 2030-01-01 plus two days: after the one-day cooldown of versions promoted to staging now.
    let later = Date(timeIntervalSince1970: 1_893_456_000 + 2 * 86_400)

    init(folder: URL, reviewers: Int) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        home = folder.appendingPathComponent("home")
        let store = Keystore(home: home)
        var signers: [String: Signer] = [:]
        let names = ["alice", "dana", "pat", "polly", Self.origin] + (0..<reviewers).map { "reviewer\($0)" }
        for name in names { signers[name] = try store.generate(name: name, passphrase: nil) }
        self.signers = signers
        path = folder.appendingPathComponent("attest.ledger").path
        registry = try Registry.create(at: path, origin: Self.origin, logKey: signers[Self.origin]!.verifierKey, admin: signers["alice"]!)
        let alice = signers["alice"]!
        try registry.addActor("dana", publicKey: signers["dana"]!.verifierKey, roles: ["data-scientist"], by: alice)
        try registry.addActor("pat", publicKey: signers["pat"]!.verifierKey, roles: ["data-scientist"], by: alice)
        try registry.addActor("polly", publicKey: signers["polly"]!.verifierKey, roles: ["policy-admin"], by: alice)
        for index in 0..<reviewers {
            let name = "reviewer\(index)"
            try registry.addActor(
                name, publicKey: signers[name]!.verifierKey, roles: [index % 2 == 0 ? "validator" : "risk-officer"], by: alice)
        }
        try registry.createModel(Self.model, owner: "dana", purpose: "benchmark", riskTier: .high, by: alice)
        let policies = folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try Data(Self.productionGate.utf8).write(to: policies.appendingPathComponent("production.yaml"))
        try Data(Self.stagingGate.utf8).write(to: policies.appendingPathComponent("staging.yaml"))
        try Data("allow_ungoverned_targets: [development, archived]\n".utf8).write(to: policies.appendingPathComponent("settings.yaml"))
        let published = try registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: policies), by: signers["polly"]!)
        try registry.approvePolicySet(publication: published.entry, by: signers["reviewer1"]!)  // a risk officer
    }

    func signer(_ name: String) -> Signer { signers[name]! }

    /// Registers a version with `evaluations` evaluations and a model card, promotes it to staging
    /// (with one validator's approval) unless `stagingApproval` (then it stays in development with
    /// that approval), and records `approvals` production approvals.
    func version(evaluations: Int, approvals: Int, stagingApproval: Bool = false) throws -> Int {
        let tag = UUID().uuidString
        let artifact = folder.appendingPathComponent("model-\(tag).bin")
        let test = folder.appendingPathComponent("test-\(tag).csv")
        let train = folder.appendingPathComponent("train-\(tag).csv")
        try Data("weights \(tag)".utf8).write(to: artifact)
        try Data("x\n\(tag)\n".utf8).write(to: test)
        try Data("x\n1\(tag)\n".utf8).write(to: train)
        let version = try registry.registerVersion(
            Self.model,
            VersionRequest(
                artifacts: [artifact], datasets: [("train", train), ("test", test)],
                code: CodeReference(repository: "https://git.example/bench", commit: "abc1234", dirty: false)),
            by: signer("dana"))
        let digest = try registry.version(Self.model, version).registration.datasets.first { $0.role == "test" }!.digest
        for _ in 0..<evaluations {
            let event = EvaluationRecorded(
                model: Self.model, version: version, datasetRole: "test", data: EvidenceFile(name: "test.csv", digest: digest, size: 10),
                lineageRole: "test", attestVersion: "bench", report: Self.evaluationReport)
            try registry.ledger.append(try EntryDraft(type: EventType.evaluationRecorded, encoding: event), signer: signer("dana"))
        }
        let card = folder.appendingPathComponent("card-\(tag).md")
        try Data("# card".utf8).write(to: card)
        try registry.attachEvidence(Self.model, version: version, kind: "model_card", file: card, by: signer("dana"))
        try registry.attachEvidence(Self.model, version: version, kind: "validation_report", file: card, by: signer("dana"))
        try registry.approve(Self.model, version: version, for: .staging, by: signer("reviewer0"))
        if !stagingApproval {
            _ = try registry.promote(Self.model, version: version, to: .staging, by: signer("pat"))
        }
        let reviewers = signers.keys.filter { $0.hasPrefix("reviewer") }.sorted()
        for index in 0..<approvals {
            try registry.approve(Self.model, version: version, for: .production, by: signer(reviewers[index % reviewers.count]))
        }
        return version
    }

    /// An evaluation of 4,000 synthetic rows by sex and age band, computed once.
    static let evaluationReport: EvaluationReport = {
        let spec = EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["sex", "age_band"])
        return try! Evaluator.evaluate(bytes: SyntheticEvaluationData.csv(rows: 4_000), source: "eval.csv", format: .csv, spec: spec)
    }()

    static let stagingGate = """
        name: staging-gate
        applies_to: {target_stage: staging, risk_tiers: [medium, high]}
        rules:
          - {id: s-from-dev, kind: stage_transition, from: [development]}
          - {id: s-lineage, kind: required_evidence, datasets: [train, test], code_commit: true, evaluation_on_test_dataset: true}
          - {id: s-auc, kind: metric_threshold, metric: roc_auc, op: ">=", value: 0.5}
          - {id: s-bacc, kind: metric_threshold, metric: balanced_accuracy, op: ">=", value: 0.5}
          - {id: s-approval, kind: required_approvals, count: 1, roles: [validator], exclude: [registrant]}

        """

    static let productionGate = """
        name: production-gate
        applies_to: {target_stage: production, risk_tiers: [medium, high]}
        rules:
          - {id: p-from-staging, kind: stage_transition, from: [staging]}
          - {id: p-approvals, kind: required_approvals, count: 3, roles: [validator, risk-officer], exclude: [registrant, requester, model_owner], max_age: 30d}
          - {id: p-risk-officer, kind: required_approvals, count: 1, roles: [risk-officer], exclude: [requester]}
          - {id: p-dp-ratio-sex, kind: fairness_threshold, metric: demographic_parity_ratio, sensitive: [sex], op: ">=", value: 0.8, min_group_size: 30}
          - {id: p-dp-diff-sex, kind: fairness_threshold, metric: demographic_parity_difference, sensitive: [sex], op: "<=", value: 0.1}
          - {id: p-eo-diff-sex, kind: fairness_threshold, metric: equalized_odds_difference, agg: worst_case, sensitive: [sex], op: "<=", value: 0.1}
          - {id: p-eopp-age, kind: fairness_threshold, metric: equal_opportunity_difference, sensitive: [age_band], op: "<=", value: 0.2}
          - {id: p-four-fifths-sex, kind: fairness_threshold, metric: four_fifths, sensitive: [sex], op: ">=", value: 0.8}
          - {id: p-four-fifths-age, kind: fairness_threshold, metric: four_fifths, sensitive: [age_band], op: ">=", value: 0.8}
          - {id: p-auc, kind: metric_threshold, metric: roc_auc, op: ">=", value: 0.7}
          - {id: p-accuracy, kind: metric_threshold, metric: accuracy, op: ">=", value: 0.7}
          - {id: p-recall, kind: metric_threshold, metric: recall, op: ">=", value: 0.5}
          - {id: p-precision, kind: metric_threshold, metric: precision, op: ">=", value: 0.5}
          - {id: p-brier, kind: metric_threshold, metric: brier_score, op: "<=", value: 0.25}
          - {id: p-accuracy-groups, kind: metric_threshold, metric: accuracy, scope: every_group, sensitive: [sex], op: ">=", value: 0.6}
          - {id: p-recall-groups, kind: metric_threshold, metric: recall, scope: every_group, sensitive: [age_band], op: ">=", value: 0.4, insufficient_groups: skip}
          - {id: p-documents, kind: required_evidence, documents: [model_card, validation_report]}
          - {id: p-lineage, kind: required_evidence, datasets: [train, test], code_commit: true, evaluation_on_test_dataset: true}
          - {id: p-drift, kind: drift_threshold, metric: psi, op: "<=", value: 0.25, enforcement: advisory}
          - {id: p-cooldown, kind: cooldown, min_duration: 1d, enforcement: soft_mandatory, override_roles: [risk-officer]}

        """
}
