import AttestIntegrations
import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation
import Testing

/// Statements signed by the actor who acted, at the time of the act (`attestation.signed`), and
/// the attacks on them: an insider who holds the actor's key and records a statement that
/// misstates the act, another actor attesting somebody else's act, a second attestation.
@Suite("act-time attestations", .serialized)
struct ActAttestationTests {
    /// `scorer` v1 evaluated by dana, then a promotion of hers denied (no approval yet).
    static func world() throws -> (Sandbox, Registry) {
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        #expect(box.run("evaluate", "scorer", "1", "--data", "test.csv", "--label", "y", "--prediction", "p", "--as", "dana").code == 0)
        #expect(box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").code == 1)
        return (box, try Registry.open(at: box.url("attest.ledger").path))
    }

    static func signer(_ box: Sandbox, _ name: String) throws -> Signer {
        try Keystore(home: box.url("home")).load(name: name, passphrase: { nil })
    }

    static func latest(_ registry: Registry, _ type: String) throws -> Entry {
        try #require(try registry.ledger.entries(types: [type]).last)
    }

    @Test("evaluate and promote record the actor's signed statements right after the act, and verify passes")
    func actsAreAttestedByTheirActors() throws {
        let (box, registry) = try Self.world()
        let dana = try Self.signer(box, "dana")
        for type in [EventType.evaluationRecorded, EventType.promotionDecided] {
            let made = try Self.latest(registry, type)
            let (entry, attested) = try #require(try registry.attestation(of: made.sequence))
            #expect(entry.sequence == made.sequence + 1)
            #expect(entry.signer == dana.verifierKey.fingerprint)
            #expect(attested.envelopes.count == (type == EventType.promotionDecided ? 2 : 1))
            for envelope in attested.envelopes {
                #expect(envelope.problem(signedBy: dana.verifierKey) == nil)
                #expect(envelope.signatures.map(\.keyid) == [dana.verifierKey.fingerprint.hex])
            }
            let expected = try ActAttestation.statements(restating: made, registry: registry).map(\.json)
            #expect(attested.envelopes.map(\.statement) == expected)
        }
        // The denied decision is summarised as FAILED, in dana's own words.
        let decision = try Self.latest(registry, EventType.promotionDecided)
        let summary = try #require(try registry.attestation(of: decision.sequence)?.payload.envelopes.first?.statement)
        #expect(String(decoding: summary, as: UTF8.self).contains("\"verificationResult\":\"FAILED\""))
        let history = box.run("model", "history", "scorer")
        #expect(history.out.contains("v1 entry \(decision.sequence) attested: 2 signed in-toto statements"), "\(history.out)")
        let verified = box.run("verify")
        #expect(verified.code == 0, "\(verified.out)\(verified.err)")
    }

    @Test("an entry is attested once: a second attestation is refused, and one written around the registry is named by verify")
    func anEntryIsAttestedOnce() throws {
        let (box, registry) = try Self.world()
        let dana = try Self.signer(box, "dana")
        let decision = try Self.latest(registry, EventType.promotionDecided)
        let first = try #require(try registry.attestation(of: decision.sequence)).entry
        let again = try ActAttestation.statements(restating: decision, registry: registry).map {
            SignedStatement.signing($0.json, by: dana)
        }
        #expect {
            try registry.recordAttestation(
                model: "scorer", version: 1, entry: decision.sequence, envelopes: again,
                statementsMatch: ActAttestation.statementsMatch(registry), by: dana)
        } throws: { ($0 as? RegistryError)?.message == "entry \(decision.sequence) is attested already" }
        let twin = AttestationSigned(model: "scorer", version: 1, entry: decision.sequence, envelopes: again)
        let appended = try registry.ledger.append(try EntryDraft(type: EventType.attestationSigned, encoding: twin), signer: dana)
        let verified = box.run("verify")
        #expect(verified.code == 1, "\(verified.out)")
        #expect(
            (verified.out + verified.err).contains("entry \(appended.sequence)")
                && (verified.out + verified.err).contains("entry \(decision.sequence) was attested already, in entry \(first.sequence)"),
            "\(verified.out)\(verified.err)")
    }

    @Test("a forged statement on an unattested decision is named by verify; another actor may not attest it")
    func forgedAndForeignAttestationsAreRefused() throws {
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        let registry = try Registry.open(at: box.url("attest.ledger").path)
        let dana = try Self.signer(box, "dana")
        let vera = try Self.signer(box, "vera")
        // A denied decision made through the library (no attestation yet).
        let outcome = try registry.promote("scorer", version: 1, to: .staging, override: nil, by: dana)
        #expect(!outcome.allowed)
        let decision = try registry.ledger.entry(at: outcome.entry)
        let honest = try ActAttestation.statements(restating: decision, registry: registry)
        // vera may not attest dana's decision: refused and recorded, nothing attested.
        let foreign = honest.map { SignedStatement.signing($0.json, by: vera) }
        #expect {
            try registry.recordAttestation(
                model: "scorer", version: 1, entry: decision.sequence, envelopes: foreign,
                statementsMatch: ActAttestation.statementsMatch(registry), by: vera)
        } throws: { ($0 as? RegistryError)?.message.contains("it was made by dana, who alone may sign its statements") == true }
        #expect(try registry.attestation(of: decision.sequence) == nil)
        #expect(try Self.latest(registry, EventType.actionRefused).signer == vera.verifierKey.fingerprint)
        // An envelope signed by another key than the recording one is bad input.
        #expect {
            try registry.recordAttestation(
                model: "scorer", version: 1, entry: decision.sequence, envelopes: foreign,
                statementsMatch: ActAttestation.statementsMatch(registry), by: dana)
        } throws: { ($0 as? RegistryError)?.message.contains("its key id is not the fingerprint of dana's key") == true }
        // dana's key, a statement saying PASSED, written around the registry: verify names it.
        let passed = String(decoding: honest[0].json, as: UTF8.self).replacingOccurrences(of: "\"FAILED\"", with: "\"PASSED\"")
        let forged = AttestationSigned(
            model: "scorer", version: 1, entry: decision.sequence,
            envelopes: [SignedStatement.signing(Array(passed.utf8), by: dana), SignedStatement.signing(honest[1].json, by: dana)])
        let appended = try registry.ledger.append(try EntryDraft(type: EventType.attestationSigned, encoding: forged), signer: dana)
        let verified = box.run("verify")
        #expect(verified.code == 1, "\(verified.out)")
        #expect(
            (verified.out + verified.err).contains(
                "entry \(appended.sequence): malformed entry: the attestation of entry \(decision.sequence) does not restate it: envelope 0 carries another statement than the https://slsa.dev/verification_summary/v1 statement that restates it"
            ), "\(verified.out)")
        // vera's attestation of dana's decision, written around the registry: unauthorized.
        let veras = AttestationSigned(model: "scorer", version: 1, entry: decision.sequence, envelopes: foreign)
        let second = try registry.ledger.append(try EntryDraft(type: EventType.attestationSigned, encoding: veras), signer: vera)
        let again = box.run("verify")
        let said = again.out + again.err
        #expect(again.code == 1)
        #expect(
            said.contains("entry \(second.sequence)")
                && said.contains("vera signed the statements of entry \(decision.sequence), which dana made"), "\(said)")
    }

    @Test("a client signs only statements of the right types that cite the entry it signed")
    func theClientChecksWhatItSigns() throws {
        let (_, registry) = try Self.world()
        let decision = try Self.latest(registry, EventType.promotionDecided)
        let evaluation = try Self.latest(registry, EventType.evaluationRecorded)
        let decisionStatements = try ActAttestation.statements(restating: decision, registry: registry).map(\.json)
        let evaluationStatements = try ActAttestation.statements(restating: evaluation, registry: registry).map(\.json)
        try ActAttestation.checkBeforeSigning(decisionStatements, restating: decision)
        try ActAttestation.checkBeforeSigning(evaluationStatements, restating: evaluation)
        func refused(_ statements: [[UInt8]], _ entry: Entry, _ message: String) {
            #expect {
                try ActAttestation.checkBeforeSigning(statements, restating: entry)
            } throws: { ($0 as? IntegrationError)?.message == message }
        }
        // Another entry's statements, the right ones in the wrong order, too few, not JSON.
        refused(evaluationStatements, decision, "the server sent 1 statements for entry \(decision.sequence), not 2")
        refused(
            decisionStatements.reversed(), decision,
            "statement 0 for entry \(decision.sequence) is not an in-toto statement of type https://slsa.dev/verification_summary/v1")
        refused(
            [Array("{}".utf8)], evaluation,
            "statement 0 for entry \(evaluation.sequence) is not an in-toto statement of type https://attest.dev/attestation/evaluation/v1")
        // A statement of the right type that cites another entry (the evaluation's statement for the decision's slot is caught above).
        let otherLeaf = String(decoding: evaluationStatements[0], as: UTF8.self)
            .replacingOccurrences(of: evaluation.leafHash.hex, with: decision.leafHash.hex.reversed().map(String.init).joined())
        refused([Array(otherLeaf.utf8)], evaluation, "statement 0 does not cite entry \(evaluation.sequence) by its leaf")
    }

    @Test("a model signature recorded before an act is a subject of the actor's statements; one recorded after is not")
    func subjectsAreThoseOfTheMomentOfTheAct() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.makeKey("signer")
        try box.signWithKey("model", key: "signer", signature: "model.sig")
        try box.register("model")
        #expect(box.run("evaluate", "scorer", "1", "--data", "test.csv", "--label", "y", "--prediction", "p", "--as", "dana").code == 0)
        let attached = box.attach(version: 1, signature: "model.sig", folder: "model", publicKey: "signer.pub")
        #expect(attached.code == 0, "\(attached.err)")
        #expect(box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").code == 1)
        let registry = try Registry.open(at: box.url("attest.ledger").path)
        func subjects(_ type: String) throws -> Int {
            let made = try Self.latest(registry, type)
            let statement = try #require(try registry.attestation(of: made.sequence)?.payload.envelopes.first?.statement)
            return try #require(JSONValue(parsing: statement)?["subject"]?.arrayValue).count
        }
        #expect(try subjects(EventType.evaluationRecorded) == 1, "the signature came after the evaluation")
        #expect(try subjects(EventType.promotionDecided) == 2, "the model folder and the OMS manifest")
        // The export restates both with today's subjects: the decision's envelopes carry dana's
        // signature; the evaluation's statement grew, so her envelope travels apart.
        #expect(box.run("export", "scorer", "1", "--format", "in-toto", "--out", "out", "--as", "vera").code == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: box.url("out").path)
        #expect(names.filter { $0.hasSuffix(".actor.dsse.json") }.count == 1)
        #expect(names.contains { $0.hasSuffix(".evaluation.actor.dsse.json") })
        let checked = try Tools.run(Tools.python, [Tools.verifyScript, box.url("out").path], in: box.folder)
        #expect(checked.code == 0, "\(checked.out)\(checked.err)")
        #expect(checked.out.components(separatedBy: "(signed by its actor)").count - 1 == 3, "\(checked.out)")
        #expect(box.run("verify").code == 0)
    }
}
