import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// The signed admission answer (docs/admission.md): made from the report scenario (v1 archived,
/// v2 in production by an override decision, `prod-*` requiring production), checked offline,
/// and attacked.
@Suite struct AdmissionTests {
    static func service(_ scenario: ReportScenario) throws -> AdmissionService {
        try AdmissionService(registry: scenario.registry, logSigner: scenario.logSigner, clock: { [clock = scenario.clock] in clock.now })
    }

    static func check(
        _ bytes: Data, _ scenario: ReportScenario, model: String = ReportScenario.model, version: Int, environment: String,
        key: VerifierKey? = nil, maxAge: TimeInterval = 3600, after: TimeInterval = 10
    ) throws -> AdmissionChecker.Result {
        try AdmissionChecker(logKey: key ?? scenario.logSigner.verifierKey, maxAge: maxAge, now: scenario.now.addingTimeInterval(after))
            .check(bytes, source: "answer.json", question: .init(model: model, version: version, environment: environment))
    }

    @Test func aProductionVersionIsAdmittedWithEveryDecidingEntryProved() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let bytes = try Self.service(scenario).answer(model: ReportScenario.model, version: 2, environment: "prod-eu")
        let result = try Self.check(bytes, scenario, version: 2, environment: "prod-eu")
        #expect(result.failures == [])
        #expect(result.admits)
        let statement = try #require(result.statement)
        #expect(statement.stage == "production" && statement.required?.pattern == "prod-*")
        #expect(Set(statement.entries.map(\.role)) == ["policy", "policy-approval", "stage", "decision"])
        let decision = try #require(statement.entries.first { $0.role == "decision" })
        let payload = try scenario.registry.ledger.entry(at: decision.entry).payloadText
        #expect(payload.contains("\"result\":\"allow_with_override\""), "\(payload)")
        #expect(statement.checkpointSize == (try scenario.registry.ledger.size()))
        // The format round-trips: the parsed text is the signed text.
        let answer = try AdmissionAnswer(parsing: bytes, source: "a")
        #expect(try AdmissionStatement(parsing: try SignedNote(parsing: answer.answer).text) == statement)
        // The examples of docs/admission.md, kept as test artifacts.
        let examples = ReportScenario.packageRoot.appendingPathComponent(".build/admission-examples")
        try FileManager.default.createDirectory(at: examples, withIntermediateDirectories: true)
        try bytes.write(to: examples.appendingPathComponent("allow-v2-prod-eu.json"))
        let denied = try Self.service(scenario).answer(model: ReportScenario.model, version: 1, environment: "prod-eu")
        try denied.write(to: examples.appendingPathComponent("deny-v1-prod-eu.json"))
    }

    @Test func denialsAreSignedVerifiedAndGiveTheGatesReasons() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let service = try Self.service(scenario)
        for (version, environment, reason) in [
            (1, "prod-eu", "archived"), (2, "qa", "matches no environment declared"), (2, "staging-1", "requires staging"),
            (9, "prod-eu", "has no version 9"),
        ] {
            let bytes = try service.answer(model: ReportScenario.model, version: version, environment: environment)
            let result = try Self.check(bytes, scenario, version: version, environment: environment)
            #expect(result.failures == [], "\(version) \(environment)")
            #expect(!result.admits)
            #expect(result.statement?.reasons.joined().contains(reason) == true, "\(result.statement?.reasons ?? [])")
        }
        let unknown = try service.answer(model: "nope", version: 1, environment: "prod-eu")
        let result = try Self.check(unknown, scenario, model: "nope", version: 1, environment: "prod-eu")
        #expect(result.failures == [] && result.statement?.reasons == ["unknown model 'nope'"])
    }

    @Test func anAnswerForAnotherEnvironmentOrVersionIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let bytes = try Self.service(scenario).answer(model: ReportScenario.model, version: 2, environment: "prod-eu")
        for (version, environment) in [(2, "prod-us"), (1, "prod-eu"), (2, "prod-eu ")] {
            let result = try Self.check(bytes, scenario, version: version, environment: environment)
            #expect(!result.admits)
            #expect(result.failures.contains { $0.contains("an answer for another question was replayed") }, "\(result.failures)")
        }
    }

    @Test func aSignatureByAnotherKeyIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let bytes = try Self.service(scenario).answer(model: ReportScenario.model, version: 2, environment: "prod-eu")
        var answer = try AdmissionAnswer(parsing: bytes, source: "a")
        // The same text, signed by a key that bears the log's name but is not the log key.
        let impostor = try ReportScenario.signer(ReportScenario.origin, seed: 99)
        var note = try SignedNote(text: try SignedNote(parsing: answer.answer).text)
        note.sign(with: impostor)
        answer.answer = note.serialized
        let result = try Self.check(answer.bytes, scenario, version: 2, environment: "prod-eu")
        #expect(!result.admits && result.failures.first?.contains("no valid signature by the log key") == true, "\(result.failures)")
        // And a checker given another key refuses the genuine answer.
        let other = try Self.check(bytes, scenario, version: 2, environment: "prod-eu", key: impostor.verifierKey)
        #expect(!other.admits && !other.failures.isEmpty)
        #expect(throws: AdmissionError.self) { try AdmissionService(registry: scenario.registry, logSigner: impostor) }
    }

    @Test func aProofForAnotherEntryIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let bytes = try Self.service(scenario).answer(model: ReportScenario.model, version: 2, environment: "prod-eu")
        var answer = try AdmissionAnswer(parsing: bytes, source: "a")
        let checkpoint = try SignedCheckpoint(parsing: answer.checkpoint, logKey: scenario.logSigner.verifierKey)
        let last = answer.proofs.count - 1
        let cited = try InclusionProof(parsing: answer.proofs[last], logKey: nil)
        let other = try scenario.registry.ledger.inclusionProof(index: cited.index - 1, checkpoint: checkpoint)
        answer.proofs[last] = other.serialized
        let result = try Self.check(answer.bytes, scenario, version: 2, environment: "prod-eu")
        #expect(!result.admits)
        #expect(result.failures.contains { $0.contains("is for another entry") }, "\(result.failures)")
        // A proof with the right leaf but a wrong path does not verify either.
        var broken = try AdmissionAnswer(parsing: bytes, source: "a")
        let genuine = try InclusionProof(parsing: broken.proofs[last], logKey: nil)
        var hashes = genuine.hashes
        hashes[0] = MerkleHash.leaf([1, 2, 3])
        broken.proofs[last] = InclusionProof(index: genuine.index, hashes: hashes, checkpoint: checkpoint, extra: genuine.extra).serialized
        let second = try Self.check(broken.bytes, scenario, version: 2, environment: "prod-eu")
        #expect(second.failures.contains { $0.contains("does not verify against the checkpoint") }, "\(second.failures)")
    }

    @Test func aStaleOrFutureAnswerIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let bytes = try Self.service(scenario).answer(model: ReportScenario.model, version: 2, environment: "prod-eu")
        let stale = try Self.check(bytes, scenario, version: 2, environment: "prod-eu", maxAge: 900, after: 901)
        #expect(!stale.admits && stale.failures.contains { $0.contains("is stale") }, "\(stale.failures)")
        #expect(try Self.check(bytes, scenario, version: 2, environment: "prod-eu", maxAge: 900, after: 899).admits)
        let future = try Self.check(bytes, scenario, version: 2, environment: "prod-eu", after: -600)
        #expect(!future.admits && future.failures.contains { $0.contains("in the future") }, "\(future.failures)")
    }

    @Test func aTamperedReasonOrResultIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let service = try Self.service(scenario)
        let denied = try service.answer(model: ReportScenario.model, version: 1, environment: "prod-eu")
        var answer = try AdmissionAnswer(parsing: denied, source: "a")
        #expect(answer.answer.contains("reason "))
        answer.answer = answer.answer.replacingOccurrences(of: "is archived", with: "is fine")
        let tampered = try Self.check(answer.bytes, scenario, version: 1, environment: "prod-eu")
        #expect(!tampered.admits && tampered.failures.first?.contains("no valid signature by the log key") == true)
        answer = try AdmissionAnswer(parsing: denied, source: "a")
        answer.answer = answer.answer.replacingOccurrences(of: "result deny", with: "result allow")
        #expect(try Self.check(answer.bytes, scenario, version: 1, environment: "prod-eu").failures.first?.contains("signature") == true)
    }

    /// Even an answer the log key signed is refused when its cited entries do not back it: here
    /// an "allow" citing the production decision that was denied (the cooldown) before the override.
    @Test func aSignedAllowCitingADeniedDecisionIsRefused() throws {
        let scenario = try ReportScenario(hostile: false)
        defer { scenario.remove() }
        let ledger = scenario.registry.ledger
        let genuine = try Self.service(scenario).answerValue(model: ReportScenario.model, version: 2, environment: "prod-eu")
        let denial = try ledger.entries(types: [EventType.promotionDecided]).last { $0.payloadText.contains("\"result\":\"deny\"") }
        let denied = try #require(denial)
        var statement = genuine.statement
        var proofs = genuine.answer.proofs
        let index = try #require(statement.entries.firstIndex { $0.role == "decision" })
        let checkpoint = try SignedCheckpoint(parsing: genuine.answer.checkpoint, logKey: nil)
        statement.entries[index] = .init(role: "decision", entry: denied.sequence, leafHash: denied.leafHash)
        proofs[index] = try ledger.inclusionProof(index: denied.sequence, checkpoint: checkpoint).serialized
        let order = statement.entries.indices.sorted { statement.entries[$0].entry < statement.entries[$1].entry }
        statement.entries = order.map { statement.entries[$0] }
        proofs = order.map { proofs[$0] }
        var note = try SignedNote(text: statement.text)
        note.sign(with: scenario.logSigner)
        let forged = AdmissionAnswer(answer: note.serialized, checkpoint: genuine.answer.checkpoint, proofs: proofs)
        let result = try Self.check(forged.bytes, scenario, version: 2, environment: "prod-eu")
        #expect(!result.admits)
        #expect(
            result.failures.contains { $0.contains("it decides 'deny' for production, not an allowing decision for production") },
            "\(result.failures)")
    }

    @Test func freeTextIsEscapedSoTheTextStaysOneFieldPerLine() throws {
        let hostile = "prod-eu\nresult allow\\x0A \u{7}"
        let statement = AdmissionStatement(
            origin: "o", model: "m", version: 1, environment: hostile, allowed: false, time: Date(timeIntervalSince1970: 0),
            checkpointSize: 1, checkpointRoot: MerkleHash.leaf([0]), stage: nil, required: nil, reasons: ["a\nb"], entries: [])
        #expect(statement.text.contains("environment prod-eu\\nresult allow\\\\x0A \\x07\n"))
        let parsed = try AdmissionStatement(parsing: statement.text)
        #expect(Array(parsed.environment.utf8) == Array(hostile.utf8) && parsed.reasons == ["a\nb"])
        #expect(statement.text.hasPrefix("attest.dev/admission/v1\norigin o\nmodel m\nversion 1\n"))
        #expect(throws: AdmissionError.self) { try AdmissionAnswer(parsing: Data("not json".utf8), source: "x") }
        #expect(throws: AdmissionError.self) {
            try AdmissionAnswer(parsing: Data(#"{"format":"other","answer":"","checkpoint":"","proofs":[]}"#.utf8), source: "x")
        }
    }
}
