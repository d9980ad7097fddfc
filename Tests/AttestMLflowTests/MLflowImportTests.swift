import AttestRegistry
import Foundation
import Testing

/// `attest mlflow import` against a real MLflow server driven by MLflow's own client.
@Suite("MLflow import", .serialized)
struct MLflowImportTests {
    func registry(_ box: Sandbox) throws -> Registry {
        try Registry.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
    }

    @Test("each version is one entry with params, metrics, commit, datasets, artifact digests, environment and MLflow ids")
    func importRecordsEverything() throws {
        let server = try MLflowServer.get()
        let modelIds = try server.register("credit-import", versions: 2)
        let box = try Sandbox.world()
        let imported = box.importModel(server.url, "credit-import")
        #expect(imported.code == 0, "\(imported.err)")
        #expect(imported.out.contains("credit-import: created, 2 versions recorded"), "\(imported.out)")

        let info = try registry(box).model("credit-import")
        #expect(info.model.mlflow == MLflowModelLink(trackingUri: server.url, name: "credit-import"))
        #expect(info.versions.map(\.version) == [1, 2])
        for (index, version) in info.versions.enumerated() {
            let registration = version.registration
            let link = try #require(registration.mlflow)
            #expect(link.version == index + 1)
            #expect(link.modelId == modelIds[index])
            #expect(link.runId?.isEmpty == false)
            #expect(registration.params["C"] == .number(0.5 + Double(index)))
            #expect(registration.params["solver"] == .string("lbfgs"))
            #expect(registration.metrics["train_rows"] == .number(200))
            #expect(registration.code?.commit == String(format: "%040x", 0xA77E57 + index))
            #expect(registration.code?.repository == "https://git.example.com/risk/credit-scoring")
            #expect(link.datasets.map(\.name) == ["train-\(index)"])
            #expect(link.datasets.first?.context == "training")
            #expect(link.datasets.first?.digest.isEmpty == false)
            let environment = try #require(registration.environment)
            #expect(environment.packages.contains { $0.hasPrefix("scikit-learn") })
            #expect(environment.python?.hasPrefix("3.") == true)
            #expect(environment.signature?["inputs"]?.contains("income") == true)
            #expect(environment.files.map(\.name).contains("requirements.txt"))
            #expect(registration.framework?.hasPrefix("sklearn ") == true)
            // The digests are the files' own: the folder on the server's disk hashes the same.
            let folder = try server.artifactFolder(modelId: modelIds[index])
            let (digest, size) = try FileDigester.folderDigest(folder)
            #expect(registration.artifacts == [FileRecord(name: "model", digest: digest, size: size, isFolder: true)])
            let requirements = try Data(contentsOf: folder.appendingPathComponent("requirements.txt"))
            #expect(environment.files.first { $0.name == "requirements.txt" }?.contents == String(decoding: requirements, as: UTF8.self))
            #expect(link.files.contains { $0.name == "MLmodel" })
        }
        #expect(box.run("verify").code == 0)
    }

    @Test("importing twice adds nothing; after new versions only those are added")
    func importIsIdempotent() throws {
        let server = try MLflowServer.get()
        try server.register("credit-again", versions: 1)
        let box = try Sandbox.world()
        try box.requireImport(server.url, "credit-again")
        let after = try box.entryCount
        let again = box.importModel(server.url, "credit-again")
        #expect(again.code == 0, "\(again.err)")
        #expect(again.out.contains("0 versions recorded, 1 recorded before"), "\(again.out)")
        #expect(try box.entryCount == after)
        try server.register("credit-again", versions: 2)
        let more = box.importModel(server.url, "credit-again")
        #expect(more.code == 0, "\(more.err)")
        #expect(try box.entryCount == after + 2)
        let versions = try registry(box).model("credit-again").versions
        #expect(versions.compactMap { $0.registration.mlflow?.version } == [1, 2, 3])
    }

    @Test("a model of the same name not imported from this server is refused, naming it")
    func unlinkedModelIsRefused() throws {
        let server = try MLflowServer.get()
        try server.register("credit-native", versions: 1)
        let box = try Sandbox.world()
        #expect(
            box.run("model", "create", "credit-native", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0
        )
        let before = try box.entryCount
        let refused = box.importModel(server.url, "credit-native")
        #expect(refused.code == 2)
        #expect(refused.err.contains("'credit-native' exists and is not linked to MLflow"), "\(refused.err)")
        #expect(try box.entryCount == before)
    }
}
