import AttestLedger
import AttestMLflow
import AttestRegistry
import AttestTestProcesses
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `attest serve` receiving MLflow's webhooks: real deliveries from the real `mlflow server`
/// (pointed at the loopback server), and forged, replayed and stale ones.
@Suite("MLflow webhooks into attest serve", .serialized)
struct MLflowWebhookTests {
    static let secret = "whsec-attest-0123456789"

    /// The audit world of `MLflowAuditTests` for `model`, with `hooks`, a service actor with the
    /// risk-officer role that the server signs with.
    static func world(_ server: MLflowServer, _ model: String) throws -> Sandbox {
        try server.register(model, versions: 2)
        let box = try Sandbox.world()
        try box.requireImport(server.url, model)
        #expect(box.run("promote", model, "1", "--to", "staging", "--as", "alice").code == 0)
        #expect(box.run("approve", model, "1", "--to", "production", "--as", "rita").code == 0)
        #expect(box.run("promote", model, "1", "--to", "production", "--as", "alice").code == 0)
        #expect(box.run("alias", "set", model, "champion", "1", "--as", "alice").code == 0)
        try server.setAlias(model, "champion", 1)
        #expect(box.run("key", "generate", "hooks", "--no-passphrase").code == 0)
        let added = box.run("actor", "add", "hooks", "--kind", "service", "--role", "risk-officer", "--as", "alice")
        #expect(added.code == 0, "\(added.err)")
        return box
    }

    /// `attest serve` (the built binary, in its own process) on a free loopback port receiving the
    /// webhook of `trackingUri` as the service actor `hooks`, stopped after `body`. A child process,
    /// not a server task in this process: the rest of a parallel suite can keep this process's
    /// cooperative pool busy, and MLflow may still hold a delivery connection when the test ends.
    static func serving<T: Sendable>(
        _ box: Sandbox, trackingUri: String, enforce: Bool, _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        try box.write("webhook.secret", secret + "\n")
        let server = try ServeProcess(
            folder: box.folder, environment: box.environment,
            arguments: [
                "--ledger", box.folder.appendingPathComponent("attest.ledger").path, "--service-key", "hooks",
                "--mlflow-webhook-secret-file", box.folder.appendingPathComponent("webhook.secret").path,
                "--mlflow-tracking-uri", trackingUri,
            ] + (enforce ? ["--mlflow-enforce"] : []))
        defer { server.stop(signal: SIGTERM) }
        return try await body(server.url + "/v1/mlflow/webhook")
    }

    /// The `mlflow.webhook.received` entries about `model`.
    static func received(_ box: Sandbox, _ model: String) throws -> [MLflowWebhookReceived] {
        let ledger = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        return try ledger.entries(types: [EventType.mlflowWebhookReceived]).compactMap {
            try? JSONDecoder().decode(MLflowWebhookReceived.self, from: Data($0.payload))
        }.filter { $0.mlflowName == model }
    }

    /// The model report's MLflow alias rows (`summary.serving`, kind `mlflow_alias`) and open issues.
    static func mlflowServing(_ box: Sandbox, _ model: String) throws -> (serving: [[String: Any]], issues: [String]) {
        let report = box.run("report", model, "--json")
        #expect(report.code == 0, "\(report.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        let serving = (summary["serving"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "mlflow_alias" }
        let issues = (summary["openIssues"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
        return (serving, issues)
    }

    static func reverted(_ box: Sandbox) throws -> [MLflowAliasReverted] {
        let ledger = try Ledger.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        return try ledger.entries(types: [EventType.mlflowAliasReverted]).map {
            try JSONDecoder().decode(MLflowAliasReverted.self, from: Data($0.payload))
        }
    }

    @Test(
        "attack: MLflow's own delivery of champion moved to a denied version is recorded and, with enforcement, moved back",
        .timeLimit(.minutes(5)))
    func realDeliveryIsAuditedAndEnforced() async throws {
        let server = try MLflowServer.get()
        let model = "credit-hooked"
        let box = try Self.world(server, model)
        try await Self.serving(box, trackingUri: server.url, enforce: true) { url in
            let hook = try server.populate(["--model", model, "--create-webhook", url, "--secret", Self.secret])
            let id = try #require(hook.first?["webhook_id"] as? String)
            defer { _ = try? server.populate(["--model", model, "--delete-webhook", id]) }
            try await Task.sleep(for: .milliseconds(2500))  // MLflow caches its webhook list for a second here
            try server.setAlias(model, "challenger", 2)
            try server.setAlias(model, "champion", 2)
            var done = false
            for _ in 0..<240 where !done {
                try await Task.sleep(for: .milliseconds(250))
                done = try Self.reverted(box).contains { $0.model == model } && server.aliases(model)["champion"] == 1
            }
            let state = "\((try? server.aliases(model)) ?? [:]), \((try? Self.received(box, model)) ?? [])"
            #expect(done, "champion was not moved back: \(state)")
            #expect(try server.aliases(model) == ["champion": 1, "challenger": 2])
            let received = try Self.received(box, model)
            let moved = try #require(received.first { $0.alias == "champion" && $0.mlflowVersion == 2 })
            #expect(moved.entity == "model_version_alias" && moved.action == "created")
            #expect(moved.model == model && moved.version == 2)
            #expect(moved.violation?.contains("alias 'champion'") == true, "\(moved)")
            let challenger = try #require(received.first { $0.alias == "challenger" })
            #expect(challenger.violation == nil)
            let event = try #require(try Self.reverted(box).first { $0.model == model })
            #expect(event.mlflowVersion == 2 && event.restoredMlflowVersion == 1)
        }
        // The report follows MLflow: champion is back on v1 (backed), challenger on v2 (not protected).
        let (serving, issues) = try Self.mlflowServing(box, model)
        let champion = try #require(serving.first { $0["alias"] as? String == "champion" }, "\(serving)")
        #expect(champion["mlflowVersion"] as? Int == 1 && champion["backed"] as? Bool == true, "\(champion)")
        #expect(serving.contains { $0["alias"] as? String == "challenger" && $0["backed"] as? Bool == true })
        #expect(!issues.contains { $0.contains("MLflow alias") }, "\(issues)")
        #expect(box.run("verify").code == 0)
    }

    /// POSTs `body` to the webhook route with MLflow's headers.
    static func post(_ url: String, _ body: String, delivery: String, timestamp: Int64, signature: String?) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(delivery, forHTTPHeaderField: MLflowWebhookSignature.deliveryHeader)
        request.setValue(String(timestamp), forHTTPHeaderField: MLflowWebhookSignature.timestampHeader)
        if let signature { request.setValue(signature, forHTTPHeaderField: MLflowWebhookSignature.signatureHeader) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("attack: forged, tampered, replayed and stale deliveries are refused and record nothing; a genuine one is recorded once")
    func forgedAndReplayedDeliveriesAreRefused() async throws {
        let server = try MLflowServer.get()
        let model = "credit-forged"
        let box = try Self.world(server, model)
        let before = try box.entryCount
        let counted = try await Self.serving(box, trackingUri: server.url, enforce: false) { url in
            let body =
                #"{"entity": "model_version_alias", "action": "created", "timestamp": "2026-11-30T10:00:00+00:00", "data": {"name": "credit-forged", "alias": "champion", "version": "2"}}"#
            let now = Int64(Date().timeIntervalSince1970)
            func signed(_ delivery: String, _ time: Int64, _ text: String = body, secret: String = Self.secret) -> String {
                MLflowWebhookSignature(secret: secret).sign(deliveryId: delivery, timestamp: String(time), body: Array(text.utf8))
            }
            // No signature, another secret, a body changed after signing, a stale delivery.
            let unsigned = try await Self.post(url, body, delivery: "d-1", timestamp: now, signature: nil)
            #expect(unsigned.0 == 401, "\(unsigned.1)")
            let guessed = try await Self.post(
                url, body, delivery: "d-1", timestamp: now, signature: signed("d-1", now, secret: "guessed-secret-000"))
            #expect(guessed.0 == 401)
            let tampered = body.replacingOccurrences(of: "\"2\"", with: "\"1\"")
            #expect(try await Self.post(url, tampered, delivery: "d-1", timestamp: now, signature: signed("d-1", now)).0 == 401)
            let old = now - 3600
            let stale = try await Self.post(url, body, delivery: "d-old", timestamp: old, signature: signed("d-old", old))
            #expect(stale.0 == 401 && stale.1.contains("outside the accepted window"), "\(stale.1)")
            #expect(try box.entryCount == before)
            // The genuine delivery is recorded with its violation; MLflow is not touched without enforcement.
            let genuine = try await Self.post(url, body, delivery: "d-1", timestamp: now, signature: signed("d-1", now))
            #expect(genuine.0 == 200, "\(genuine.1)")
            #expect(try server.aliases(model)["champion"] == 1)
            // The same delivery again, within the window: a replay.
            let replayed = try await Self.post(url, body, delivery: "d-1", timestamp: now, signature: signed("d-1", now))
            #expect(replayed.0 == 409 && replayed.1.contains("already recorded"), "\(replayed.1)")
            // Not an MLflow payload, though signed.
            let junk = "[1, 2]"
            #expect(try await Self.post(url, junk, delivery: "d-2", timestamp: now, signature: signed("d-2", now, junk)).0 == 400)
            return try box.entryCount
        }
        #expect(counted == before + 1)
        let received = try Self.received(box, model)
        #expect(received.count == 1)
        #expect(received.first?.violation != nil && received.first?.version == 2 && received.first?.deliveryId == "d-1")
        // Not enforced: the move stands in MLflow, and the report and inventory say so.
        let (serving, issues) = try Self.mlflowServing(box, model)
        let champion = try #require(serving.first { $0["alias"] as? String == "champion" }, "\(serving)")
        #expect(champion["version"] as? Int == 2 && champion["backed"] as? Bool == false, "\(champion)")
        #expect(issues.contains { $0.hasPrefix("MLflow alias 'champion' → MLflow v2 (v2) is not backed") }, "\(issues)")
        let inventory = box.run("report", "inventory", "--json")
        #expect(inventory.code == 0 && inventory.out.contains("\"unbackedServing\" : 1"), "\(inventory.out.prefix(3000))")
        #expect(box.run("verify").code == 0)
    }
}
