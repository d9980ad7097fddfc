import AttestLedger
import AttestRegistry
import AttestTestProcesses
import Foundation
import Testing

/// `attest mlflow import|audit|promote --server`: the same command lines on a ledger file and
/// through `attest serve` on a copy of it print the same, exit the same, move MLflow the same and
/// leave the same entries (but for times and what signs over them).
@Suite("MLflow commands through attest serve", .serialized)
struct MLflowServedTests {
    /// Runs `line` on `local`, then on `served` through `url`, and expects the same answer.
    @discardableResult
    func both(_ local: Sandbox, _ served: Sandbox, _ url: String, _ line: [String]) -> Sandbox.Result {
        let here = local.run(line)
        let there = served.run(line + ["--server", url])
        let shown = line.joined(separator: " ")
        #expect(here.code == there.code, "\(shown): exit \(here.code) locally, \(there.code) served: \(there.err)")
        #expect(here.out == there.out, "\(shown)")
        #expect(here.err == there.err, "\(shown)")
        return there
    }

    @Test("import, audit and promote (fail, retry, deny, allow) through the server as on the file")
    func sameAsOnTheFile() throws {
        let server = try MLflowServer.get()
        let model = "credit-served"
        try server.register(model, versions: 2)
        let proxy = try FaultProxy(upstream: server, arguments: ["--fail-path", "registered-models/alias", "--fail-status", "503"])
        let local = try Sandbox.world()
        let served = try local.copy()
        let ledger = served.folder.appendingPathComponent("attest.ledger").path
        let attest = try ServeProcess(folder: served.folder, environment: served.environment, arguments: ["--ledger", ledger])
        defer { attest.stop(signal: SIGTERM) }
        func line(_ command: String, _ rest: String...) -> [String] { ["mlflow", command, "--tracking-uri", proxy.url] + rest }

        let imported = both(local, served, attest.url, line("import", "--model", model, "--as", "dana"))
        #expect(imported.code == 0 && imported.out.contains("\(model): created, 2 versions recorded"), "\(imported.err)")
        try server.setAlias(model, "champion", 2)
        let audited = both(local, served, attest.url, line("audit", "--model", model, "--as", "rita"))
        #expect(audited.code == 1 && audited.out.contains("NOT ALLOWED"), "\(audited.out)")
        both(local, served, attest.url, line("audit", "--model", model, "--as", "rita", "--json"))

        // Allowed, but MLflow fails on the alias: the decision stands (exit 3); the rerun sets it.
        let failed = both(
            local, served, attest.url, line("promote", model, "1", "--to", "staging", "--alias", "challenger", "--as", "dana"))
        #expect(failed.code == 3 && failed.err.contains("could not be set in MLflow (run the same command again"), "\(failed.err)")
        #expect(try server.aliases(model) == ["champion": 2])
        proxy.heal()
        let retried = both(
            local, served, attest.url, line("promote", model, "1", "--to", "staging", "--alias", "challenger", "--as", "dana"))
        #expect(retried.code == 0 && retried.out.contains("is in staging already"), "\(retried.out)")
        #expect(try server.aliases(model) == ["champion": 2, "challenger": 1])

        // Enforced on the file, then (champion moved again) through the server: MLflow moves the
        // same way and both ledgers record the same move back.
        let enforce = line("audit", "--model", model, "--enforce", "--as", "rita")
        let here = local.run(enforce)
        #expect(here.code == 0 && here.out.contains("moved away (deleted) and recorded in entry"), "\(here.err)")
        #expect(try server.aliases(model) == ["challenger": 1])
        try server.setAlias(model, "champion", 2)
        let dana = served.run(line("audit", "--model", model, "--enforce", "--as", "dana") + ["--server", attest.url])
        #expect(dana.code == 1 && dana.err.contains("may not move aliases in MLflow"), "\(dana.err)")
        let there = served.run(enforce + ["--server", attest.url])
        #expect((there.code, there.out, there.err) == (here.code, here.out, here.err), "\(there.err)")
        #expect(try server.aliases(model) == ["challenger": 1])

        // Denied: recorded, MLflow untouched; approved, allowed: champion follows.
        let denied = both(
            local, served, attest.url, line("promote", model, "1", "--to", "production", "--alias", "champion", "--as", "alice"))
        #expect(denied.code == 1 && denied.err.contains("nothing changed in MLflow"), "\(denied.err)")
        #expect(try server.aliases(model) == ["challenger": 1])
        #expect(both(local, served, attest.url, ["approve", model, "1", "--to", "production", "--as", "rita"]).code == 0)
        let allowed = both(
            local, served, attest.url, line("promote", model, "1", "--to", "production", "--alias", "champion", "--as", "alice"))
        #expect(allowed.code == 0 && allowed.out.contains("Set MLflow alias champion"), "\(allowed.err)")
        #expect(try server.aliases(model) == ["champion": 1, "challenger": 1])
        #expect(both(local, served, attest.url, line("audit", "--model", model, "--as", "rita")).code == 0)

        // Importing again adds only new versions: none, then the third.
        let again = both(local, served, attest.url, line("import", "--model", model, "--as", "dana", "--json"))
        #expect(again.code == 0 && again.out.contains("\"alreadyRecorded\" : 2"), "\(again.out)")
        try server.register(model, versions: 1)
        let third = both(local, served, attest.url, line("import", "--model", model, "--as", "dana"))
        #expect(third.code == 0 && third.out.contains("1 versions recorded, 2 recorded before"), "\(third.out)")

        // The same entries, signed by the same keys; only decisions (their time) and what signs over them differ.
        let onFile = try Ledger.open(at: local.folder.appendingPathComponent("attest.ledger").path, readOnly: true).entries()
        let throughServer = try Ledger.open(at: ledger, readOnly: true).entries()
        try #require(onFile.count == throughServer.count)
        for (mine, theirs) in zip(onFile, throughServer) {
            #expect(mine.type == theirs.type && mine.signer == theirs.signer, "entry \(mine.sequence)")
            if ![EventType.promotionDecided, EventType.attestationSigned].contains(mine.type) {
                #expect(mine.payload == theirs.payload, "entry \(mine.sequence) (\(mine.type))")
            }
        }
        #expect(throughServer.filter { $0.type == EventType.versionRegistered }.count == 3)
        #expect(local.run("verify").code == 0)
        #expect(served.run("verify").code == 0)
    }
}

extension Sandbox {
    /// A copy of this sandbox in a new folder: the same ledger file and the same keys.
    func copy() throws -> Sandbox {
        let twin = try Sandbox()
        try FileManager.default.removeItem(at: twin.folder)
        try FileManager.default.copyItem(at: folder, to: twin.folder)
        return twin
    }
}
