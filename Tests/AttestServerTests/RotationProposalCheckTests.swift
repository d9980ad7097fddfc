import AttestLedger
import AttestServer
import Foundation
import Testing

/// What a client checks before it signs a proposed key rotation (`key.rotate`): only the
/// rotation of its own key to the key it generated, with the proof it made. A server that swaps
/// in a key of its own would otherwise get the actor's signature on handing their identity over.
@Suite struct RotationProposalCheckTests {
    static func proposal(_ payload: [String: String], signer: Signer) throws -> Proposal {
        let bytes = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        let body = EntryEncoding.body(
            sequence: 7, timeMicros: 1_767_225_600_000_000, previousHash: .zero, signer: signer.verifierKey.fingerprint,
            type: "ledger.key.rotated", payload: Array(bytes))
        return try Proposal(index: 0, body: body)
    }

    @Test func onlyTheRotationTheClientAskedForIsSigned() throws {
        let dana = try Signer(name: "dana", key: .generate())
        let fresh = try Signer(name: "dana", key: .generate())
        let servers = try Signer(name: "dana", key: .generate())
        var act = ActRequest(act: .keyRotate)
        act.key = fresh.verifierKey.description
        act.newKeySignature = "cHJvb2Y="
        let honest: [String: String] = [
            "principal": "dana", "oldKey": dana.verifierKey.description, "newKey": fresh.verifierKey.description,
            "newKeySignature": "cHJvb2Y=",
        ]
        #expect(throws: Never.self) {
            try ProposalCheck.bodyToSign(try Self.proposal(honest, signer: dana), act: act, signer: dana.verifierKey)
        }
        for (field, value) in [
            ("newKey", servers.verifierKey.description), ("oldKey", servers.verifierKey.description), ("principal", "mallory"),
            ("newKeySignature", "b3RoZXI="),
        ] {
            var swapped = honest
            swapped[field] = value
            #expect {
                try ProposalCheck.bodyToSign(try Self.proposal(swapped, signer: dana), act: act, signer: dana.verifierKey)
            } throws: { "\($0)".contains("it rotates another key than this client's to the key it generated") }
        }
    }
}
