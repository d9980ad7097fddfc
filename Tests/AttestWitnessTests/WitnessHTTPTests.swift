import AttestLedger
import Foundation
import Testing

@testable import AttestWitness

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The witness over real HTTP: `attest witness serve` on a free loopback port.
@Suite(.serialized) struct WitnessHTTPTests {
    @Test func statusCodesContentTypeAndTheClientsRetryOver409() async throws {
        let (home, signer) = try WitnessProcess.keystore(name: "witness.test/http")
        let log = try TestLog(origin: "example.com/http-log", size: 30)
        let witness = try WitnessProcess(home: home, name: signer.name, state: try temporaryFolder(), logs: [log.signer.verifierKey])
        defer { witness.stop() }
        #expect(witness.witnessKey == (try WitnessKey(name: signer.name, publicKey: signer.key.publicKey)))
        let client = WitnessClient(url: witness.url)
        // Cosign at 10, then ask from a stale old size: 409 with text/x.tlog.size.
        let first = try await WitnessSubmission.cosign(try log.checkpoint(10), client: client, knownSize: 0) {
            try log.proof(from: $0, to: 10)
        }
        #expect(Cosignature(first[0])?.verifies(text: try log.checkpoint(10).note.text, key: witness.witnessKey) == true)
        var post = URLRequest(url: witness.url.appendingPathComponent("add-checkpoint"))
        post.httpMethod = "POST"
        post.httpBody = Data(try log.request(old: 3, size: 12))
        let (data, response) = try await URLSession.shared.data(for: post)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 409)
        #expect(http.value(forHTTPHeaderField: "Content-Type") == "text/x.tlog.size")
        #expect(String(decoding: data, as: UTF8.self) == "10\n")
        // The submission learns the size from the 409 and sends a proof from it.
        let second = try await WitnessSubmission.cosign(try log.checkpoint(20), client: client, knownSize: 3) {
            try log.proof(from: $0, to: 20)
        }
        #expect(Cosignature(second[0])?.verifies(text: try log.checkpoint(20).note.text, key: witness.witnessKey) == true)
        // A rewritten log is refused with 422.
        let rewritten = try TestLog(signer: log.signer, size: 30, branch: "x", shared: 4)
        await #expect(throws: WitnessError.self) {
            _ = try await WitnessSubmission.cosign(try rewritten.checkpoint(25), client: client, knownSize: 20) {
                try rewritten.proof(from: $0, to: 25)
            }
        }
        // A GET on an unknown route is 404; an unknown log is 404.
        let stranger = try TestLog(origin: "example.com/unknown", size: 2)
        #expect(
            try await client.add(AddCheckpointRequest(parsing: try stranger.request(old: 0, size: 2)))
                == .refused(status: 404, reason: "unknown log origin 'example.com/unknown'"))
    }
}
