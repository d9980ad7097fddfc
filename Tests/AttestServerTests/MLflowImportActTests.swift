import AttestLedger
import AttestMLflow
import AttestRegistry
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import AttestServer

/// `attest mlflow import --server`: the acts `model.create` and `model.register` carrying
/// MLflow's fields. The server records them with the registry calls a local import makes, refuses
/// fields an import could not have made, and a client signs only the entry it asked for.
@Suite struct MLflowImportActTests {
    static let uri = "http://127.0.0.1:5000"

    /// Two artifact files as an import hashes them, sorted by path.
    static let files = [
        FileRecord(name: "MLmodel", digest: "sha256:" + String(repeating: "a", count: 64), size: 512),
        FileRecord(name: "model.pkl", digest: "sha256:" + String(repeating: "b", count: 64), size: 2048),
    ]

    static let environment = EnvironmentRecord(
        source: "mlflow", python: "3.11.7", packages: ["mlflow==3.17.2", "scikit-learn==1.9.1"],
        files: [
            EnvironmentFile(
                name: "requirements.txt", digest: "sha256:" + String(repeating: "c", count: 64),
                contents: "scikit-learn==1.9.1\n# pinned\nmlflow==3.17.2\n")
        ], signature: ["inputs": "[{\"type\": \"double\", \"name\": \"income\"}]"], flavors: ["python_function": "", "sklearn": "1.9.1"])

    static func createAct(_ model: String = "credit-scoring", link: MLflowModelLink? = nil) -> ActRequest {
        var act = ServerFixture.createModel(model)
        act.mlflowModel = link ?? MLflowModelLink(trackingUri: uri, name: model)
        return act
    }

    /// The `model.register` act an import of MLflow version `number` sends.
    static func registerAct(_ number: Int, model: String = "credit-scoring") -> ActRequest {
        var act = ActRequest(act: .modelRegister)
        act.model = model
        act.artifacts = [MLflowImportCheck.artifactRecord(for: files)]
        act.datasets = []
        act.code = CodeReference(repository: "https://git.example/credit", commit: "0123abcd")
        act.params = ["max_depth": .number(4), "criterion": .string("gini")]
        act.metrics = ["auc": .number(0.8125)]
        act.framework = "sklearn 1.9.1"
        act.environmentRecord = environment
        act.mlflowModelVersion = MLflowVersionLink(
            trackingUri: uri, name: model, version: number, runId: "r1", experimentId: "1", modelId: "m-1", source: "models:/m-1",
            artifactUri: "mlflow-artifacts:/1/models/m-1/artifacts", files: files,
            datasets: [MLflowDatasetInput(name: "train-0", digest: "a1b2c3d4", sourceType: "code", source: "{}", context: "training")],
            createdMillis: 1_796_000_000_000, user: "dana")
        return act
    }

    @Test func theServerRecordsWhatALocalImportRecordsAndRefusesWhatNoImportMakes() async throws {
        let fixture = try ServerFixture()
        var malformed: [(String, ActRequest)] = []
        var act = Self.registerAct(1)
        act.artifacts = [FileRecord(name: "model", digest: "sha256:" + String(repeating: "d", count: 64), size: 2560, isFolder: true)]
        malformed.append(("artifacts must be the one folder record of mlflowModelVersion.files", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.trackingUri = "http://user:secret@127.0.0.1:5000"
        malformed.append(("without user, password, query or fragment", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.files.reverse()
        act.artifacts = [MLflowImportCheck.artifactRecord(for: act.mlflowModelVersion!.files)]
        malformed.append(("must be sorted by path in byte order", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.files[0].name = "../etc/passwd"
        act.artifacts = [MLflowImportCheck.artifactRecord(for: act.mlflowModelVersion!.files)]
        malformed.append(("is not a relative path", act))
        act = Self.registerAct(1)
        act.framework = "xgboost 2.1"
        malformed.append(("is not the one the environment's flavors give", act))
        act = Self.registerAct(1)
        act.environmentRecord?.packages = ["mlflow==3.17.2"]
        malformed.append(("are not the requirement lines of its requirements.txt", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.version = 0
        malformed.append(("must be positive", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.name = "other"
        malformed.append(("must be the model's name", act))
        act = Self.registerAct(1)
        act.mlflowModelVersion?.trackingUri = "http://127.0.0.1:6000"
        malformed.append(("is linked to MLflow model 'credit-scoring' at \(Self.uri)", act))

        let cases = malformed
        try await serving(fixture.configuration()) { client in
            let signed = SignedTestClient(client: client)
            let badLink = try await signed.act(
                Self.createAct(link: MLflowModelLink(trackingUri: "ftp://127.0.0.1", name: "credit-scoring")), as: fixture.dana)
            #expect(badLink.status == .badRequest, "\(badLink.text)")
            #expect(try await signed.act(Self.createAct(), as: fixture.dana).status == .ok)
            let before = try fixture.size()
            for (why, act) in cases {
                let answer = try await signed.act(act, as: fixture.dana)
                #expect(answer.status == .badRequest, "\(why): \(answer.status)")
                #expect(answer.text.contains(why), "\(answer.text)")
            }
            #expect(try fixture.size() == before, "nothing was written")
            let recorded = try await signed.act(Self.registerAct(3), as: fixture.dana)
            #expect(recorded.status == .ok, "\(recorded.text)")
            // Importing that MLflow version again is refused: only new versions are added.
            let again = try await signed.act(Self.registerAct(3), as: fixture.dana)
            #expect(again.status == .conflict, "\(again.text)")
            #expect(again.text.contains("MLflow credit-scoring version 3 is recorded already as credit-scoring v1"), "\(again.text)")
        }

        // The entries are byte for byte what the registry writes for a local import.
        let registry = try fixture.registry()
        act = Self.registerAct(3)
        let expected = VersionRegistered(
            model: "credit-scoring", version: 1, artifacts: act.artifacts!, datasets: [], code: act.code, params: act.params!,
            metrics: act.metrics!, parent: nil, framework: act.framework, description: nil, environment: act.environmentRecord,
            mlflow: act.mlflowModelVersion)
        let entries = try registry.ledger.entries(types: [EventType.versionRegistered])
        #expect(entries.map(\.payload) == [try EntryDraft(type: "", encoding: expected).payload])
        #expect(try registry.model("credit-scoring").model.mlflow == MLflowModelLink(trackingUri: Self.uri, name: "credit-scoring"))
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
    }

    /// A proposal of `type` with `payload`, signed by `signer`'s key.
    static func proposal(_ type: String, _ payload: [UInt8], signer: Signer) throws -> Proposal {
        let body = EntryEncoding.body(
            sequence: 9, timeMicros: 1_767_225_600_000_000, previousHash: .zero, signer: signer.verifierKey.fingerprint, type: type,
            payload: payload)
        return try Proposal(index: 0, body: body)
    }

    @Test func aClientSignsOnlyTheImportItAskedFor() throws {
        let dana = try Signer(name: "dana", key: .generate())
        let act = Self.registerAct(2)
        let honest = VersionRegistered(
            model: "credit-scoring", version: 4, artifacts: act.artifacts!, datasets: [], code: act.code, params: act.params!,
            metrics: act.metrics!, parent: nil, framework: act.framework, description: nil, environment: act.environmentRecord,
            mlflow: act.mlflowModelVersion)
        let bytes = try EntryDraft(type: "", encoding: honest).payload
        #expect(throws: Never.self) {
            try ProposalCheck.bodyToSign(
                try Self.proposal(EventType.versionRegistered, bytes, signer: dana), act: act, signer: dana.verifierKey)
        }
        var hostile: [VersionRegistered] = []
        var changed = honest
        changed.mlflow?.version = 1
        hostile.append(changed)
        changed = honest
        changed.environment = nil
        hostile.append(changed)
        changed = honest
        changed.mlflow?.user = "mallory"
        hostile.append(changed)
        changed = honest
        changed.metrics["auc"] = .number(0.99)
        hostile.append(changed)
        changed = honest
        changed.artifacts[0].digest = "sha256:" + String(repeating: "e", count: 64)
        hostile.append(changed)
        for payload in hostile {
            let proposal = try Self.proposal(EventType.versionRegistered, try EntryDraft(type: "", encoding: payload).payload, signer: dana)
            #expect {
                try ProposalCheck.bodyToSign(proposal, act: act, signer: dana.verifierKey)
            } throws: { "\($0)".contains("is not the version this client asked to register") }
        }
        // A field the type would ignore, added by the server: not the registry's encoding.
        var object = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        object["approvedBy"] = "mallory"
        let padded = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect {
            try ProposalCheck.bodyToSign(
                try Self.proposal(EventType.versionRegistered, Array(padded), signer: dana), act: act, signer: dana.verifierKey)
        } throws: { "\($0)".contains("is not a VersionRegistered as the registry writes it") }

        // model.created: the link the client sent, and nothing dropped.
        let create = Self.createAct()
        var created: [String: Any] = [
            "model": "credit-scoring", "owner": "dana", "purpose": "credit default", "riskTier": "high", "tags": [String: String](),
            "mlflow": ["name": "credit-scoring", "trackingUri": Self.uri],
        ]
        let good = try JSONSerialization.data(withJSONObject: created, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(throws: Never.self) {
            try ProposalCheck.bodyToSign(
                try Self.proposal(EventType.modelCreated, Array(good), signer: dana), act: create, signer: dana.verifierKey)
        }
        created["mlflow"] = nil
        let unlinked = try JSONSerialization.data(withJSONObject: created, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect {
            try ProposalCheck.bodyToSign(
                try Self.proposal(EventType.modelCreated, Array(unlinked), signer: dana), act: create, signer: dana.verifierKey)
        } throws: { "\($0)".contains("is not the model this client asked to create") }
    }
}

extension TestResponse {
    /// The body as text, for messages.
    fileprivate var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}
