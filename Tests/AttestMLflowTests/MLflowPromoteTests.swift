import AttestLedger
import AttestRegistry
import Foundation
import Testing

/// `attest mlflow promote`: Attest decides; MLflow's alias follows only an allowing decision.
@Suite("MLflow promote", .serialized)
struct MLflowPromoteTests {
    func tags(_ server: String, _ model: String, _ version: Int) throws -> [String: String] {
        let data = try Data(contentsOf: URL(string: "\(server)/api/2.0/mlflow/model-versions/get?name=\(model)&version=\(version)")!)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let tags = (object?["model_version"] as? [String: Any])?["tags"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: tags.map { ($0["key"] as! String, $0["value"] as! String) })
    }

    @Test("allow sets the alias and the decision tag; deny changes nothing in MLflow; a failure after the decision is retryable")
    func aliasFollowsTheDecision() throws {
        let server = try MLflowServer.get()
        try server.register("credit-promote", versions: 2)
        let proxy = try FaultProxy(upstream: server, arguments: ["--fail-path", "registered-models/alias", "--fail-status", "503"])
        let box = try Sandbox.world()
        try box.requireImport(proxy.url, "credit-promote")
        let promote = ["mlflow", "promote", "--tracking-uri", proxy.url, "credit-promote"]

        // Allowed (staging is ungoverned), but MLflow fails on the alias: the decision stands, exit 3.
        let failed = box.run(promote + ["1", "--to", "staging", "--alias", "challenger", "--as", "dana"])
        #expect(failed.code == 3)
        #expect(failed.err.contains("could not be set in MLflow (run the same command again"), "\(failed.err)")
        #expect(try server.aliases("credit-promote").isEmpty)
        proxy.heal()
        let retried = box.run(promote + ["1", "--to", "staging", "--alias", "challenger", "--as", "dana"])
        #expect(retried.code == 0, "\(retried.err)")
        #expect(retried.out.contains("is in staging already"), "\(retried.out)")
        #expect(try server.aliases("credit-promote") == ["challenger": 1])
        let decisions = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path).entries(types: ["promotion.decided"])
        try #require(decisions.count == 1)
        #expect(try tags(server.url, "credit-promote", 1)["attest.decision"] == String(decisions[0].sequence))
        // dana attested her decision although MLflow failed after it, once (the retry decides nothing).
        let attested = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path).entries(types: ["attestation.signed"])
        #expect(attested.count == 1 && attested.first?.signer == decisions[0].signer)

        // Denied (no approval for the production floor): recorded, and nothing moves in MLflow.
        let denied = box.run(promote + ["1", "--to", "production", "--alias", "champion", "--as", "alice"])
        #expect(denied.code == 1)
        #expect(denied.err.contains("nothing changed in MLflow"), "\(denied.err)")
        #expect(try server.aliases("credit-promote") == ["challenger": 1])
        #expect(try tags(server.url, "credit-promote", 1)["attest.decision"] == String(decisions[0].sequence))

        // With rita's approval it is allowed, and champion follows.
        #expect(box.run("approve", "credit-promote", "1", "--to", "production", "--as", "rita").code == 0)
        let allowed = box.run(promote + ["1", "--to", "production", "--alias", "champion", "--as", "alice"])
        #expect(allowed.code == 0, "\(allowed.err)\(allowed.out)")
        #expect(try server.aliases("credit-promote") == ["challenger": 1, "champion": 1])
        #expect(box.run("mlflow", "audit", "--tracking-uri", proxy.url).code == 0)
        #expect(box.run("verify").code == 0)
    }

    @Test("plain 'attest promote' points the alias mlflow_aliases names for the stage, only after an allowing decision")
    func plainPromoteFollowsTheSettings() throws {
        let server = try MLflowServer.get()
        try server.register("credit-follow", versions: 2)
        let proxy = try FaultProxy(upstream: server, arguments: ["--fail-path", "registered-models/alias", "--fail-status", "503"])
        let box = try Sandbox.world(settings: "mlflow_aliases: {staging: challenger, production: champion}\n")
        try box.requireImport(proxy.url, "credit-follow")
        let ledger = box.folder.appendingPathComponent("attest.ledger").path

        // Allowed, but MLflow fails: the decision and the stage change stand, exit 3 names the retry.
        let failed = box.run("promote", "credit-follow", "1", "--to", "staging", "--as", "dana")
        #expect(failed.code == 3, "\(failed.err)")
        let retry = "attest mlflow promote credit-follow 1 --to staging --alias challenger --tracking-uri \(proxy.url)"
        #expect(failed.err.contains("could not be set (run '\(retry)'"), "\(failed.err)")
        #expect(failed.out.contains("Stage changed in entry"), "\(failed.out)")
        #expect(try server.aliases("credit-follow").isEmpty)
        let first = try Ledger.open(at: ledger).entries(types: ["promotion.decided"])
        try #require(first.count == 1)
        #expect(box.run("verify").code == 0)
        proxy.heal()
        let retried = box.run(Array(retry.split(separator: " ").dropFirst().map(String.init)) + ["--as", "dana"])
        #expect(retried.code == 0, "\(retried.err)")
        #expect(try server.aliases("credit-follow") == ["challenger": 1])

        // Denied (no approval for the production floor): champion does not move, the tag stays.
        let denied = box.run("promote", "credit-follow", "1", "--to", "production", "--as", "alice")
        #expect(denied.code == 1)
        #expect(!denied.out.contains("Set MLflow alias"))
        #expect(try server.aliases("credit-follow") == ["challenger": 1])
        #expect(try tags(server.url, "credit-follow", 1)["attest.decision"] == String(first[0].sequence))

        // Allowed: champion follows, tagged with the allowing decision.
        #expect(box.run("approve", "credit-follow", "1", "--to", "production", "--as", "rita").code == 0)
        let allowed = box.run("promote", "credit-follow", "1", "--to", "production", "--as", "alice", "--json")
        #expect(allowed.code == 0, "\(allowed.err)")
        #expect(allowed.out.contains("\"alias\":\"champion\"") || allowed.out.contains("\"alias\" : \"champion\""), "\(allowed.out)")
        #expect(try server.aliases("credit-follow") == ["challenger": 1, "champion": 1])
        let decisions = try Ledger.open(at: ledger).entries(types: ["promotion.decided"])
        #expect(try tags(server.url, "credit-follow", 1)["attest.decision"] == String(decisions.last!.sequence))
        #expect(box.run("mlflow", "audit", "--tracking-uri", proxy.url).code == 0)
        #expect(box.run("verify").code == 0)
    }
}
