import AttestLedger
import AttestRegistry
import Foundation
import Testing

/// `attest mlflow audit`: MLflow's aliases against the ledger's decisions.
@Suite("MLflow alias audit", .serialized)
struct MLflowAuditTests {
    /// credit-audit imported with two versions; v1 promoted to production by an allowing
    /// decision (staging ungoverned, rita's approval for the production floor) and given the
    /// `champion` alias in Attest and in MLflow; v2's promotion to production denied.
    static func world(_ server: MLflowServer) throws -> Sandbox {
        try server.register("credit-audit", versions: 2)
        let box = try Sandbox.world()
        try box.requireImport(server.url, "credit-audit")
        #expect(box.run("promote", "credit-audit", "1", "--to", "staging", "--as", "alice").code == 0)
        #expect(box.run("approve", "credit-audit", "1", "--to", "production", "--as", "rita").code == 0)
        let promoted = box.run("promote", "credit-audit", "1", "--to", "production", "--as", "alice")
        #expect(promoted.code == 0, "\(promoted.err)\(promoted.out)")
        #expect(box.run("alias", "set", "credit-audit", "champion", "1", "--as", "alice").code == 0)
        let denied = box.run("promote", "credit-audit", "2", "--to", "production", "--as", "alice")
        #expect(denied.code == 1, "\(denied.out)")
        try server.setAlias("credit-audit", "champion", 1)
        return box
    }

    @Test("attack: champion moved in MLflow to a version whose promotion was denied is caught (exit 1), and --enforce moves it back")
    func aliasMovedToDeniedVersion() throws {
        let server = try MLflowServer.get()
        let box = try Self.world(server)
        let audit = ["mlflow", "audit", "--tracking-uri", server.url]
        let clean = box.run(audit)
        #expect(clean.code == 0, "\(clean.err)\(clean.out)")
        #expect(clean.out.contains("credit-audit alias champion -> MLflow version 1 (Attest v1): allowed"), "\(clean.out)")

        // Anyone with edit rights in MLflow moves the alias; a non-protected alias is not gated.
        try server.setAlias("credit-audit", "champion", 2)
        try server.setAlias("credit-audit", "challenger", 2)
        let caught = box.run(audit)
        #expect(caught.code == 1)
        #expect(caught.out.contains("credit-audit alias champion -> MLflow version 2 (Attest v2): NOT ALLOWED"), "\(caught.out)")
        #expect(caught.out.contains("challenger -> MLflow version 2 (Attest v2): allowed"), "\(caught.out)")
        #expect(caught.err.contains("credit-audit champion -> MLflow version 2"), "\(caught.err)")

        // Only an admin or a risk officer may enforce; dana changes nothing.
        let before = try box.entryCount
        let notAllowed = box.run(audit + ["--enforce", "--as", "dana"])
        #expect(notAllowed.code == 1)
        #expect(try server.aliases("credit-audit")["champion"] == 2)
        #expect(try box.entryCount == before)

        let enforced = box.run(audit + ["--enforce", "--as", "rita"])
        #expect(enforced.code == 0, "\(enforced.err)")
        #expect(enforced.out.contains("moved back to MLflow version 1"), "\(enforced.out)")
        #expect(try server.aliases("credit-audit") == ["champion": 1, "challenger": 2])
        let ledger = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path)
        let reverted = try ledger.entries(types: [EventType.mlflowAliasReverted])
        #expect(reverted.count == 1)
        let event = try JSONDecoder().decode(MLflowAliasReverted.self, from: Data(try #require(reverted.first).payload))
        #expect(event.alias == "champion" && event.mlflowVersion == 2 && event.restoredMlflowVersion == 1 && event.version == 2)
        #expect(box.run(audit).code == 0)
        #expect(box.run("verify").code == 0)
    }

    @Test("a protected alias on an MLflow version never imported is caught; enforced, it is deleted")
    func aliasOnUnimportedVersion() throws {
        let server = try MLflowServer.get()
        try server.register("credit-unseen", versions: 1)
        let box = try Sandbox.world()
        try box.requireImport(server.url, "credit-unseen")
        try server.register("credit-unseen", versions: 1)  // version 2, not imported
        try server.setAlias("credit-unseen", "champion", 2)
        let audit = ["mlflow", "audit", "--tracking-uri", server.url, "--model", "credit-unseen"]
        let caught = box.run(audit)
        #expect(caught.code == 1)
        #expect(caught.out.contains("MLflow version 2 was never recorded in Attest"), "\(caught.out)")
        let enforced = box.run(audit + ["--enforce", "--as", "alice"])
        #expect(enforced.code == 0, "\(enforced.err)")
        #expect(try server.aliases("credit-unseen").isEmpty)
        #expect(box.run("verify").code == 0)
    }
}
