import AttestLedger
import Foundation
import Testing

@testable import AttestWitness

/// The add-checkpoint rules of c2sp.org/tlog-witness, one status code at a time, on the witness
/// core with a real state folder.
@Suite struct WitnessProtocolTests {
    let folder: URL
    let log: TestLog
    let witnessKey = SigningKey.generate()

    init() throws {
        folder = try temporaryFolder()
        log = try TestLog(size: 40)
    }

    func witness(logs: [VerifierKey]? = nil, time: UInt64 = 1_700_000_000) throws -> Witness {
        try Witness(
            name: "witness.test/w1", signingKey: witnessKey, logs: logs ?? [log.signer.verifierKey],
            store: WitnessStore(folder: folder), clock: { time })
    }

    @Test func aFirstCheckpointIsCosignedAndRecordedDurably() throws {
        let witness = try witness()
        let answer = witness.addCheckpoint(body: try log.request(old: 0, size: 10))
        #expect(answer.status == 200)
        let lines = try SignedNote.parseSignatureLines(answer.body)
        #expect(lines.count == 1)
        let cosignature = try #require(Cosignature(lines[0]))
        #expect(cosignature.timestamp == 1_700_000_000)
        #expect(cosignature.verifies(text: try log.checkpoint(10).note.text, key: witness.key))
        // A new process over the same folder knows the size: 409 with it, as text/x.tlog.size.
        let reopened = try self.witness()
        let conflict = reopened.addCheckpoint(body: try log.request(old: 0, size: 12))
        #expect(conflict == WitnessAnswer(status: 409, contentType: "text/x.tlog.size", body: "10\n"))
        #expect(reopened.addCheckpoint(body: try log.request(old: 10, size: 12)).status == 200)
        #expect(reopened.addCheckpoint(body: try log.request(old: 12, size: 12)).status == 200)
    }

    @Test func theMonitoringEndpointServesTheLatestCosignedCheckpoint() throws {
        let witness = try witness()
        let hash = SHA256.hash(Array(log.origin.utf8)).hex
        #expect(witness.latestCheckpoint(originHash: hash).status == 404)
        _ = witness.addCheckpoint(body: try log.request(old: 0, size: 5))
        let answer = witness.latestCheckpoint(originHash: hash)
        let note = try SignedNote(parsing: answer.body)
        #expect(note.isSigned(by: log.signer.verifierKey))
        #expect(try WitnessQuorum(witnesses: [witness.key], quorum: 1).check(note).isMet)
    }

    @Test func anUnknownOriginIs404AndABadSignatureIs403() throws {
        let witness = try witness()
        let stranger = try TestLog(origin: "example.com/other", size: 3)
        #expect(witness.addCheckpoint(body: try stranger.request(old: 0, size: 3)).status == 404)
        // Same origin, signed by another key: no trusted signature.
        let impostor = try TestLog(origin: log.origin, size: 3)
        #expect(witness.addCheckpoint(body: try impostor.request(old: 0, size: 3)).status == 403)
        // The trusted key's name and ID on a signature that does not verify.
        let good = try log.checkpoint(3).serialized
        var bytes = Array(good.utf8)
        let at = bytes.count - 10
        bytes[at] = bytes[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let forged = AddCheckpointRequest(oldSize: 0, proof: [], note: String(decoding: bytes, as: UTF8.self))
        #expect(witness.addCheckpoint(body: Array(forged.body.utf8)).status == 403)
        #expect(witness.store.evidenceFiles().isEmpty)
    }

    @Test func malformedRequestsAre400() throws {
        let witness = try witness()
        let note = try log.checkpoint(3).serialized
        for body in ["", "old 01\n\n" + note, "old 1\nnot-a-hash\n\n" + note, "old 1\n" + note, "old 0\n\nnot a note\n"] {
            #expect(witness.addCheckpoint(body: Array(body.utf8)).status == 400, "body: \(body.prefix(20))")
        }
        let tooMany = AddCheckpointRequest(oldSize: 1, proof: Array(repeating: MerkleHash.empty, count: 64), note: note)
        #expect(witness.addCheckpoint(body: Array(tooMany.body.utf8)).status == 400)
        // The old size above the checkpoint's size.
        #expect(witness.addCheckpoint(body: Array(AddCheckpointRequest(oldSize: 4, proof: [], note: note).body.utf8)).status == 400)
    }

    @Test func inconsistentCheckpointsAre422AndKeptAsEvidence() throws {
        let witness = try witness()
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 8)).status == 200)
        // A rewritten log: same origin and key, different leaves after 5.
        let rewritten = try TestLog(signer: log.signer, size: 40, branch: "rewritten", shared: 5)
        let forkBody = try rewritten.request(old: 8, size: 20)
        #expect(
            witness.addCheckpoint(
                body: Array(
                    AddCheckpointRequest(
                        oldSize: 8, proof: try log.proof(from: 8, to: 20), note: try rewritten.checkpoint(20).serialized
                    ).body.utf8)
            ).status == 422)
        #expect(witness.addCheckpoint(body: forkBody).status == 422)
        // Same size, another root.
        #expect(witness.addCheckpoint(body: try rewritten.request(old: 8, size: 8)).status == 422)
        let evidence = witness.store.evidenceFiles()
        #expect(evidence.count == 3)
        let kept = try String(contentsOf: evidence[0], encoding: .utf8)
        #expect(kept.hasPrefix("attest.dev/witness-evidence@v1\nreason "))
        #expect(kept.contains("cosigned-size 8\n"))
        // The witness still stands on the first log.
        #expect(witness.addCheckpoint(body: try log.request(old: 8, size: 20)).status == 200)
    }

    @Test func theEmptyTreeAndOldSizeZeroRules() throws {
        let witness = try witness()
        let wrongEmpty = try SignedCheckpoint(checkpoint: Checkpoint(origin: log.origin, size: 0, root: log.root(3)), signer: log.signer)
        #expect(
            witness.addCheckpoint(body: Array(AddCheckpointRequest(oldSize: 0, proof: [], note: wrongEmpty.serialized).body.utf8)).status
                == 422)
        let withProof = AddCheckpointRequest(oldSize: 0, proof: [MerkleHash.empty], note: try log.checkpoint(3).serialized)
        #expect(witness.addCheckpoint(body: Array(withProof.body.utf8)).status == 422)
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 0)).status == 200)
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 6)).status == 200)
    }

    @Test func anOlderCheckpointIsRefusedAndKept() throws {
        let witness = try witness()
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 20)).status == 200)
        // The client names the right old size but shows a smaller tree: 400, kept.
        #expect(
            witness.addCheckpoint(
                body: Array(AddCheckpointRequest(oldSize: 20, proof: [], note: try log.checkpoint(10).serialized).body.utf8)
            ).status == 400)
        // Or names an old size of its own: 409 with the witness's size, kept as well.
        #expect(witness.addCheckpoint(body: try log.request(old: 5, size: 10)).status == 409)
        #expect(witness.store.evidenceFiles().count == 2)
    }
}
