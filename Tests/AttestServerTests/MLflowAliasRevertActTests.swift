import AttestLedger
import AttestMLflow
import AttestRegistry
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import AttestServer

/// `attest mlflow audit --enforce --server`: the client moves the alias back in MLflow and the
/// act `mlflow.alias.revert` records it. Only an admin or risk officer may record it, only for
/// a model linked to that MLflow model and the version imported from that MLflow version, and
/// the client signs only the move it made.
@Suite struct MLflowAliasRevertActTests {
    static let uri = MLflowImportActTests.uri

    /// The move back of `champion` from MLflow version 3 (Attest v1) to nothing.
    static func reverted(_ change: (inout MLflowAliasReverted) -> Void = { _ in }) -> MLflowAliasReverted {
        var event = MLflowAliasReverted(
            model: "credit-scoring", version: 1, alias: "champion", trackingUri: uri, mlflowName: "credit-scoring", mlflowVersion: 3,
            restoredMlflowVersion: nil, reason: "alias 'champion' is protected (MLflow version 3)")
        change(&event)
        return event
    }

    static func revertAct(_ event: MLflowAliasReverted) -> ActRequest {
        var act = ActRequest(act: .mlflowAliasRevert)
        act.model = event.model
        act.aliasReverted = event
        return act
    }

    @Test func anAdminRecordsTheMoveBackAndTheLedgerRefusesOneThatDoesNotMatchIt() async throws {
        let fixture = try ServerFixture()
        let refused: [(String, MLflowAliasReverted)] = [
            (
                "is not linked to MLflow model 'credit-scoring' at http://127.0.0.1:6000",
                Self.reverted { $0.trackingUri = "http://127.0.0.1:6000" }
            ),
            ("is not linked to MLflow model 'other'", Self.reverted { $0.mlflowName = "other" }),
            ("credit-scoring v1 is not the version imported from MLflow version 4", Self.reverted { $0.mlflowVersion = 4 }),
            ("credit-scoring has no version 2", Self.reverted { $0.version = 2 }),
            ("say why the alias was moved back", Self.reverted { $0.reason = "" }),
        ]
        try await serving(fixture.configuration()) { client in
            let signed = SignedTestClient(client: client)
            #expect(try await signed.act(MLflowImportActTests.createAct(), as: fixture.dana).status == .ok)
            #expect(try await signed.act(MLflowImportActTests.registerAct(3), as: fixture.dana).status == .ok)
            let before = try fixture.size()
            for (why, event) in refused {
                let answer = try await signed.act(Self.revertAct(event), as: fixture.alice)
                #expect(answer.status == .badRequest || answer.status == .notFound, "\(why): \(answer.status)")
                #expect(answer.text.contains(why), "\(answer.text)")
            }
            var mismatched = Self.revertAct(Self.reverted())
            mismatched.model = "other-model"
            #expect(try await signed.act(mismatched, as: fixture.alice).status == .badRequest)
            #expect(try fixture.size() == before, "nothing was written")

            // A data scientist may not: refused and the refusal recorded, as locally.
            let dana = try await signed.act(Self.revertAct(Self.reverted()), as: fixture.dana)
            #expect(dana.status == .forbidden, "\(dana.text)")
            #expect(dana.text.contains("move aliases in MLflow"), "\(dana.text)")
            let recorded = try await signed.act(Self.revertAct(Self.reverted()), as: fixture.alice)
            #expect(recorded.status == .ok, "\(recorded.text)")
        }
        let registry = try fixture.registry()
        let entries = try registry.ledger.entries(types: [EventType.mlflowAliasReverted])
        #expect(entries.map(\.payload) == [try EntryDraft(type: "", encoding: Self.reverted()).payload])
        #expect(entries.first?.signer == fixture.alice.verifierKey.fingerprint)
        #expect(try registry.ledger.entries(types: [EventType.actionRefused]).count == 1)
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
    }

    @Test func aClientSignsOnlyTheMoveItMade() throws {
        let rita = try Signer(name: "rita", key: .generate())
        let event = Self.reverted { $0.restoredMlflowVersion = 2 }
        let act = Self.revertAct(event)
        let honest = try EntryDraft(type: "", encoding: event).payload
        #expect(throws: Never.self) {
            try ProposalCheck.bodyToSign(
                try MLflowImportActTests.proposal(EventType.mlflowAliasReverted, honest, signer: rita), act: act,
                signer: rita.verifierKey)
        }
        let hostile = [
            Self.reverted { $0.restoredMlflowVersion = 1 }, Self.reverted(), Self.reverted { $0.alias = "challenger" },
            Self.reverted { $0.reason = "requested by the vendor" },
        ]
        for changed in hostile {
            let proposal = try MLflowImportActTests.proposal(
                EventType.mlflowAliasReverted, try EntryDraft(type: "", encoding: changed).payload, signer: rita)
            #expect {
                try ProposalCheck.bodyToSign(proposal, act: act, signer: rita.verifierKey)
            } throws: { "\($0)".contains("is not the move this client made in MLflow") }
        }
        // Another entry type than the act writes is never signed.
        let other = try MLflowImportActTests.proposal(EventType.aliasSet, honest, signer: rita)
        #expect {
            try ProposalCheck.bodyToSign(other, act: act, signer: rita.verifierKey)
        } throws: { "\($0)".contains("which the act mlflow.alias.revert does not write") }
    }
}

extension TestResponse {
    /// The body as text, for messages.
    fileprivate var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}
