import AttestLedger
import Foundation
import Testing

/// A verifier's K-of-N check: only distinct trusted witnesses with valid cosignatures count.
@Suite struct WitnessQuorumTests {
    let log: TestLog
    let keys = (0..<3).map { _ in SigningKey.generate() }

    init() throws { log = try TestLog(size: 5) }

    func witness(_ index: Int) throws -> WitnessKey { try WitnessKey(name: "w\(index).test", publicKey: keys[index].publicKey) }

    func cosigned(by indexes: [Int], times: [UInt64]) throws -> SignedNote {
        var note = try log.checkpoint(5).note
        for (index, time) in zip(indexes, times) {
            note.append(try Cosignature(signing: note.text, timestamp: time, key: keys[index], name: "w\(index).test").noteSignature)
        }
        return note
    }

    @Test func twoOfThreeIsMetAndWitnessedTimeIsTheSecondCosignature() throws {
        let policy = try WitnessQuorum(witnesses: [witness(0), witness(1), witness(2)], quorum: 2)
        let result = policy.check(try cosigned(by: [0, 2], times: [1_000, 900]))
        #expect(result.isMet)
        #expect(result.cosigned.map(\.name) == ["w0.test", "w2.test"])
        #expect(result.witnessedTime == 1_000)
        #expect(!policy.check(try cosigned(by: [1], times: [5])).isMet)
    }

    @Test func untrustedDuplicatedOrForgedCosignaturesDoNotCount() throws {
        let policy = try WitnessQuorum(witnesses: [witness(0), witness(0), witness(1)], quorum: 2)
        #expect(policy.witnesses.count == 2)
        // The same witness twice counts once; an untrusted key not at all.
        #expect(!policy.check(try cosigned(by: [0, 0, 2], times: [1, 2, 3])).isMet)
        // A line with a trusted name and key ID but a bad signature is reported and not counted.
        var note = try cosigned(by: [0], times: [7])
        let good = note.signatures.last!
        note.append(SignedNote.Signature(keyName: "w1.test", keyID: try witness(1).keyIDValue, signature: good.signature))
        let result = policy.check(note)
        #expect(!result.isMet)
        #expect(result.invalid == ["w1.test"])
        #expect(throws: LedgerError.self) { try WitnessQuorum(witnesses: [witness(0)], quorum: 2) }
    }
}
