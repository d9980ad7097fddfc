import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import Foundation
import Synchronization

/// A clock tests move by hand.
final class GovernanceClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var function: @Sendable () -> Date { { [self] in now } }
}

/// A registry in a temporary folder with the people of the governance tests:
/// alice (admin), dana (data scientist, registrant), omar (data scientist, owner),
/// vera and victor (validators), rick (risk officer), polly (policy admin),
/// pat (data scientist, the CI requester).
struct GovernanceWorld {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let model = "credit-risk"

    let folder: URL
    let path: String
    let clock: GovernanceClock
    let registry: Registry
    let people: [String: Signer]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-gov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("attest.ledger").path
        // 2030-01-01T00:00:00Z: later than the real clock, so the last entry sets "now".
        clock = GovernanceClock(Date(timeIntervalSince1970: 1_893_456_000))
        var people: [String: Signer] = [:]
        for name in ["alice", "dana", "omar", "vera", "victor", "rick", "polly", "pat", "test.example/gov"] {
            people[name] = try Signer(name: name, key: .generate())
        }
        self.people = people
        registry = try Registry.create(
            at: path, origin: "test.example/gov", logKey: people["test.example/gov"]!.verifierKey, admin: people["alice"]!,
            clock: clock.function)
        let roles: [String: [String]] = [
            "dana": ["data-scientist"], "omar": ["data-scientist"], "vera": ["validator"], "victor": ["validator"],
            "rick": ["risk-officer"], "polly": ["policy-admin"], "pat": ["data-scientist"],
        ]
        for (name, granted) in roles.sorted(by: { $0.key < $1.key }) {
            try registry.addActor(name, publicKey: people[name]!.verifierKey, roles: granted, by: people["alice"]!)
        }
        try registry.createModel(Self.model, owner: "omar", purpose: "credit decisions", riskTier: .high, by: people["alice"]!)
    }

    func signer(_ name: String) -> Signer { people[name]! }

    /// Writes a file in the world's folder.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Registers the next version (by dana) with an artifact, train and test datasets and a commit.
    @discardableResult
    func registerVersion(tag: String = "a") throws -> Int {
        let request = VersionRequest(
            artifacts: [try write("model-\(tag).bin", "weights \(tag)")],
            datasets: [
                ("train", try write("train-\(tag).csv", "x,y\n1,\(tag)\n")), ("test", try write("test-\(tag).csv", "x,y\n2,\(tag)\n")),
            ],
            code: CodeReference(repository: "https://git.example/credit", commit: "9f1c2e7", dirty: false))
        return try registry.registerVersion(Self.model, request, by: signer("dana"))
    }

    /// Copies the shipped policies into the world's folder and returns the copy.
    func policyCopy() throws -> URL {
        let target = folder.appendingPathComponent("policies")
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.copyItem(at: Self.packageRoot.appendingPathComponent("policies"), to: target)
        return target
    }

    /// Publishes the shipped policies (by polly) and has rick (risk officer) approve the
    /// publication, so that it governs (a publication quorum of 2).
    @discardableResult
    func publishShippedPolicies() throws -> PolicySetInfo {
        let published = try registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: try policyCopy()), by: signer("polly"))
        return try registry.approvePolicySet(publication: published.entry, by: signer("rick"))
    }

    /// Records an evaluation of `version` on its own test dataset, computed by AttestMetrics on
    /// synthetic data, with the fairness and performance numbers the gates read set by hand.
    @discardableResult
    /// `dataOf` names the version whose registered test file the evaluation claims to be on
    /// (default: its own).
    func recordEvaluation(
        version: Int, demographicParityRatio: Double = 0.9, accuracy: Double = 0.82, dataOf dataVersion: Int? = nil
    ) throws -> UInt64 {
        let spec = EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["sex"])
        var report = try Evaluator.evaluate(
            bytes: SyntheticEvaluationData.csv(rows: 1_000), source: "eval.csv", format: .csv, spec: spec)
        report.overall["roc_auc"] = .defined(0.85)
        report.overall["balanced_accuracy"] = .defined(0.75)
        report.overall["accuracy"] = .defined(accuracy)
        for g in report.groupings.indices {
            for i in report.groupings[g].groups.indices { report.groupings[g].groups[i].metrics["accuracy"] = .defined(accuracy) }
            for d in report.groupings[g].disparities.indices {
                switch report.groupings[g].disparities[d].name {
                case "demographic_parity_ratio": report.groupings[g].disparities[d].value = .defined(demographicParityRatio)
                case "equalized_odds_difference": report.groupings[g].disparities[d].value = .defined(0.05)
                default: break
                }
            }
            report.groupings[g].fourFifths?.ratio = .defined(demographicParityRatio)
        }
        let info = try registry.version(Self.model, dataVersion ?? version)
        let test = info.registration.datasets.first { $0.role == "test" }!
        let event = EvaluationRecorded(
            model: Self.model, version: version, datasetRole: "test",
            data: EvidenceFile(name: test.name, digest: test.digest, size: test.size),
            lineageRole: "test", attestVersion: "test", report: report)
        return try registry.ledger.append(try EntryDraft(type: EventType.evaluationRecorded, encoding: event), signer: signer("dana"))
            .sequence
    }

    /// Attaches the model card and validation report (by dana and vera).
    func attachDocuments(version: Int) throws {
        try registry.attachEvidence(
            Self.model, version: version, kind: "model_card", file: try write("card-\(version).md", "# card \(version)"), store: true,
            by: signer("dana"))
        try registry.attachEvidence(
            Self.model, version: version, kind: "validation_report", file: try write("validation-\(version).md", "ok \(version)"),
            by: signer("vera"))
    }

    /// A version in staging with everything production needs except approvals: evaluated,
    /// documented, promoted to staging by pat with vera's approval.
    func versionInStaging(tag: String = "a") throws -> Int {
        let version = try registerVersion(tag: tag)
        try recordEvaluation(version: version)
        try attachDocuments(version: version)
        try registry.approve(Self.model, version: version, for: .staging, by: signer("vera"))
        let outcome = try registry.promote(Self.model, version: version, to: .staging, by: signer("pat"))
        guard outcome.allowed else { throw RegistryError(.refused, "staging denied: \(outcome.reasons)") }
        return version
    }

    /// Two days later than the clock: past the production gate's one-day cooldown.
    /// Moves the clock two days on (past the one-day cooldown) and returns the new time, so that
    /// a decision's recorded time and its entry's time agree, as replay requires.
    func twoDaysLater() -> Date {
        clock.advance(2 * 86_400)
        return clock.now
    }
}
