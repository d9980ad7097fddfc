import AttestLedger
import AttestRegistry
import Foundation
import HTTPTypes
import NIOCore
import Synchronization
import Testing

@testable import AttestServer

/// `attest-append/1`: the server appends what clients signed, and can refuse but never forge.
@Suite struct AppendProtocolTests {
    @Test func anActIsSignedByTheActorsOwnKey() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            let response = try await SignedTestClient(client: client).act(ServerFixture.createModel(), as: fixture.dana)
            #expect(response.status == .ok)
            #expect(response.step?.entries == [before])
        }
        let registry = try fixture.registry()
        let entry = try registry.ledger.entry(at: before)
        #expect(entry.type == EventType.modelCreated)
        #expect(entry.signer == fixture.dana.verifierKey.fingerprint)
        #expect(fixture.dana.verifierKey.publicKey.isValidSignature(entry.signature, for: entry.body))
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
        #expect(try registry.models().map(\.name) == ["credit-scoring"])
    }

    @Test func aMultiEntryActIsSeveralRoundTrips() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        let newcomer = try Signer(name: "nina", key: .generate())
        var act = ActRequest(act: .actorAdd)
        act.actor = "nina"
        act.key = newcomer.verifierKey.description
        act.roles = [BuiltInRole.validator]
        let request = act
        let proposals = ProposalLog()
        try await serving(fixture.configuration()) { client in
            let response = try await SignedTestClient(client: client).act(request, as: fixture.alice) { proposal in
                proposals.append(proposal.type)
                return .sign
            }
            #expect(response.status == .ok)
        }
        #expect(proposals.values.count >= 2)
        #expect(proposals.values.first == LedgerEntryType.keyAdded)
        let size = try fixture.size()
        #expect(size == before + UInt64(proposals.values.count))
        for seq in before..<size {
            #expect(try fixture.registry().ledger.entry(at: seq).signer == fixture.alice.verifierKey.fingerprint)
        }
    }

    @Test(arguments: ["tamper", "other-key", "outsider-key"])
    func aSignatureNotOnTheProposedBodyWritesNothing(_ how: String) async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            let reply: SignedTestClient.Reply =
                switch how {
                case "tamper": .tamper
                case "other-key": .signWith(fixture.victor)
                default: .signWith(fixture.outsider)
                }
            let response = try await SignedTestClient(client: client).act(ServerFixture.createModel(), as: fixture.dana) { _ in reply }
            #expect(response.status.code == 422)
            #expect(response.errorCode == "badSignature")
            // The server still serves.
            let next = try await SignedTestClient(client: client).act(ServerFixture.createModel("other"), as: fixture.dana)
            #expect(next.status == .ok)
        }
        let registry = try fixture.registry()
        #expect(try registry.ledger.size() == before + 1)
        #expect(try registry.models().map(\.name) == ["other"])
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
    }

    @Test func anotherActorCannotSignIntoSomeoneElsesSession() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            let signed = SignedTestClient(client: client)
            let act = ServerFixture.createModel()
            let first = try await signed.send(.post, "/v1/acts", body: Array(try JSONEncoder().encode(act)), as: fixture.dana)
            let step = try #require(first.step)
            let proposal = try #require(step.proposal)
            let body = try ProposalCheck.bodyToSign(proposal, act: act, signer: fixture.dana.verifierKey)
            // Victor posts a signature made with his own key into dana's session.
            let posted = ProposalSignature(index: 0, signature: Data(try fixture.victor.sign(body)).base64EncodedString())
            let response = try await signed.send(
                .post, "/v1/acts/\(step.session)/signatures", body: Array(try JSONEncoder().encode(posted)), as: fixture.victor)
            #expect(response.status == .forbidden, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
            // Dana declines: the act rolls back.
            let declined = try await signed.send(
                .post, "/v1/acts/\(step.session)/decline", body: Array(try JSONEncoder().encode(DeclineBody(index: 0))),
                as: fixture.dana)
            #expect(declined.status == .conflict)
        }
        #expect(try fixture.size() == before)
    }

    @Test func aClientThatDoesNotSignInTimeRollsBack() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration(signingTimeout: 1)) { client in
            let signed = SignedTestClient(client: client)
            let act = ServerFixture.createModel()
            let first = try await signed.act(act, as: fixture.dana) { _ in .ignore }
            let step = try #require(first.step)
            let proposal = try #require(step.proposal)
            try await Task.sleep(for: .seconds(2))
            let body = try ProposalCheck.bodyToSign(proposal, act: act, signer: fixture.dana.verifierKey)
            let late = ProposalSignature(index: 0, signature: Data(try fixture.dana.sign(body)).base64EncodedString())
            let response = try await signed.send(
                .post, "/v1/acts/\(step.session)/signatures", body: Array(try JSONEncoder().encode(late)), as: fixture.dana)
            // The late signer is told why: the act waited too long and rolled back.
            #expect(response.status == .requestTimeout)
            #expect(response.errorCode == "timeout")
            // Anyone else learns nothing about the session.
            let other = try await signed.send(
                .post, "/v1/acts/\(step.session)/signatures", body: Array(try JSONEncoder().encode(late)), as: fixture.victor)
            #expect(other.status == .notFound)
            // The head lease is free again: the next act goes through.
            #expect(try await signed.act(act, as: fixture.dana).status == .ok)
        }
        #expect(try fixture.size() == before + 1)
    }

    @Test func aRefusalIsProposedToTheRefusedActor() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            // Victor (validator) may not create models: the refusal is his to sign.
            let response = try await SignedTestClient(client: client).act(ServerFixture.createModel(), as: fixture.victor)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "refused")
        }
        let entry = try fixture.registry().ledger.entry(at: before)
        #expect(entry.type == EventType.actionRefused)
        #expect(entry.signer == fixture.victor.verifierKey.fingerprint)
        #expect(try fixture.size() == before + 1)
    }

    @Test(arguments: ["decline", "timeout"])
    func aRefusalTheActorWillNotSignIsRecordedByTheServiceKey(_ how: String) async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration(signingTimeout: how == "decline" ? 60 : 1)) { client in
            let signed = SignedTestClient(client: client)
            if how == "decline" {
                let response = try await signed.act(ServerFixture.createModel(), as: fixture.victor) { _ in .decline }
                #expect(response.status == .forbidden, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
                #expect(response.errorCode == "refused")
            } else {
                _ = try await signed.act(ServerFixture.createModel(), as: fixture.victor) { _ in .ignore }
                try await Task.sleep(for: .seconds(2))
            }
        }
        let registry = try fixture.registry()
        #expect(try registry.ledger.size() == before + 1)
        let entry = try registry.ledger.entry(at: before)
        #expect(entry.type == EventType.actionRefused)
        #expect(entry.signer == fixture.service.verifierKey.fingerprint)
        let refusal = try JSONDecoder().decode(ActionRefused.self, from: Data(entry.payload))
        #expect(refusal.actor == "victor")
        #expect(refusal.request?.hasPrefix("sha256:") == true)
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
    }

    @Test func anAuditorReadsButDoesNotWrite() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        try await serving(fixture.configuration()) { client in
            let signed = SignedTestClient(client: client)
            let write = try await signed.act(ServerFixture.createModel(), as: fixture.audrey)
            #expect(write.status == .forbidden)
            #expect(write.errorCode == "forbidden")
            #expect(try await signed.send(.get, "/v1/models", as: fixture.audrey).status == .ok)
            #expect(try await signed.send(.get, "/v1/entries?start=0&limit=5", as: fixture.audrey).status == .ok)
        }
        #expect(try fixture.size() == before)
    }

    @Test func anonymousClientsReadCheckpointsAndProofsOnly() async throws {
        let fixture = try ServerFixture()
        try await serving(fixture.configuration()) { client in
            let anonymous = SignedTestClient(client: client)
            let checkpoint = try await anonymous.send(.get, "/v1/checkpoint", as: nil)
            #expect(checkpoint.status == .ok)
            let body = try JSONDecoder().decode(CheckpointBody.self, from: Data(checkpoint.body.readableBytesView))
            #expect(body.size == (try fixture.size()))
            #expect(try await anonymous.send(.get, "/v1/proofs/inclusion?index=1&size=\(body.size)", as: nil).status == .ok)
            #expect(try await anonymous.send(.get, "/v1/proofs/consistency?from=1&to=\(body.size)", as: nil).status == .ok)
            for path in ["/v1/models", "/v1/entries", "/v1/entries/0", "/v1/models/credit-scoring"] {
                let response = try await anonymous.send(.get, path, as: nil)
                #expect(response.status == .unauthorized, "\(path)")
                #expect(response.errorCode == "unauthenticated")
            }
        }
    }
}

/// Collects values from a `@Sendable` closure.
final class ProposalLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}
