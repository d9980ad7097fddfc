import AttestLedger
import AttestRegistry
import Foundation
import Testing

/// Bad input and failures mid-import: a clear error naming the model and version, nothing
/// partial recorded for it, and a rerun that continues where the import stopped.
@Suite("MLflow import failures", .serialized)
struct MLflowFailureTests {
    func mlflowVersions(_ box: Sandbox, _ model: String) throws -> [Int] {
        let registry = try Registry.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        return try registry.model(model).versions.compactMap { $0.registration.mlflow?.version }
    }

    @Test("an unreachable server: exit 3 naming it, nothing recorded")
    func unreachable() throws {
        let box = try Sandbox.world()
        let before = try box.entryCount
        let failed = box.importModel("http://127.0.0.1:9", "anything")
        #expect(failed.code == 3)
        #expect(failed.err.contains("cannot reach MLflow at http://127.0.0.1:9"), "\(failed.err)")
        #expect(try box.entryCount == before)
        let garbage = box.importModel("ftp://example.com", "anything")
        #expect(garbage.code == 2)
        #expect(garbage.err.contains("not an http(s) URL"), "\(garbage.err)")
    }

    @Test("refused credentials: exit 2 saying which variables to set; with them the import runs")
    func authentication() throws {
        let server = try MLflowServer.get()
        try server.register("credit-auth", versions: 1)
        let proxy = try FaultProxy(upstream: server, arguments: ["--basic-auth", "ops:s3cret"])
        let box = try Sandbox.world()
        let before = try box.entryCount
        let refused = box.importModel(proxy.url, "credit-auth")
        #expect(refused.code == 2)
        #expect(refused.err.contains("refused the credentials") && refused.err.contains("MLFLOW_TRACKING_USERNAME"), "\(refused.err)")
        #expect(try box.entryCount == before)
        let wrong = box.importModel(
            proxy.url, "credit-auth", environment: ["MLFLOW_TRACKING_USERNAME": "ops", "MLFLOW_TRACKING_PASSWORD": "no"])
        #expect(wrong.code == 2)
        let good = box.importModel(
            proxy.url, "credit-auth", environment: ["MLFLOW_TRACKING_USERNAME": "ops", "MLFLOW_TRACKING_PASSWORD": "s3cret"])
        #expect(good.code == 0, "\(good.err)")
        #expect(try mlflowVersions(box, "credit-auth") == [1])
        // Credentials in the URI work too, and are never recorded: the link names the server without them.
        try server.register("credit-auth", versions: 1)
        let withUser = box.importModel(proxy.url.replacingOccurrences(of: "http://", with: "http://ops:s3cret@"), "credit-auth")
        #expect(withUser.code == 0, "\(withUser.err)")
        #expect(try mlflowVersions(box, "credit-auth") == [1, 2])
        let payloads = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path).entries()
            .map { String(decoding: $0.payload, as: UTF8.self) }.joined()
        #expect(!payloads.contains("s3cret") && payloads.contains(proxy.url))
    }

    @Test("a 5xx on version 2's artifacts: exit 3 naming model and version, version 1 kept, the rerun continues")
    func serverErrorMidImport() throws {
        let server = try MLflowServer.get()
        let ids = try server.register("credit-5xx", versions: 3)
        let proxy = try FaultProxy(upstream: server, arguments: ["--fail-path", ids[1], "--fail-status", "503"])
        let box = try Sandbox.world()
        let failed = box.importModel(proxy.url, "credit-5xx")
        #expect(failed.code == 3)
        #expect(failed.err.contains("MLflow model credit-5xx version 2"), "\(failed.err)")
        #expect(failed.err.contains("503"), "\(failed.err)")
        #expect(try mlflowVersions(box, "credit-5xx") == [1])
        proxy.heal()
        let rerun = box.importModel(proxy.url, "credit-5xx")
        #expect(rerun.code == 0, "\(rerun.err)")
        #expect(try mlflowVersions(box, "credit-5xx") == [1, 2, 3])
        #expect(box.run("verify").code == 0)
    }

    @Test("a version whose artifacts vanished: exit 2 naming it, nothing recorded for it")
    func vanishedArtifacts() throws {
        let server = try MLflowServer.get()
        let ids = try server.register("credit-gone", versions: 2)
        try FileManager.default.removeItem(at: try server.artifactFolder(modelId: ids[1]))
        let box = try Sandbox.world()
        let failed = box.importModel(server.url, "credit-gone")
        #expect(failed.code == 2)
        #expect(failed.err.contains("MLflow model credit-gone version 2"), "\(failed.err)")
        #expect(try mlflowVersions(box, "credit-gone") == [1])
    }
}
