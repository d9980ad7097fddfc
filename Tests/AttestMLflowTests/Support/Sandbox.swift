import AttestCLI
import AttestLedger
import Foundation
import Testing

/// `attest` run in-process in a temporary folder with its own keystore (unencrypted keys).
struct Sandbox {
    let folder: URL
    let environment: [String: String]

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-mlflow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = ["ATTEST_HOME": folder.appendingPathComponent("home").path]
    }

    @discardableResult
    func run(_ arguments: String..., environment extra: [String: String] = [:]) -> Result { run(arguments, environment: extra) }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) -> Result {
        let console = Console(
            capturing: true, environment: environment.merging(extra) { $1 }, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return Result(code: code, out: console.capturedOut, err: console.capturedErr)
    }

    func write(_ name: String, _ text: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The number of entries in the ledger.
    var entryCount: Int {
        get throws { try Ledger.open(at: folder.appendingPathComponent("attest.ledger").path).entries().count }
    }

    /// A ledger with alice (admin), dana (data scientist), vera (validator), polly (policy
    /// admin), rita (risk officer), and a policy set in force (published by polly, approved by
    /// rita) that protects `champion`, leaves development and staging ungoverned, and lets
    /// production come from staging. `settings` is added to its `settings.yaml`.
    static func world(settings: String = "") throws -> Sandbox {
        let box = try Sandbox()
        for name in ["alice", "dana", "vera", "polly", "rita"] {
            #expect(box.run("key", "generate", name, "--no-passphrase").code == 0)
        }
        #expect(box.run("init", "--origin", "mlflow.example/log", "--admin", "alice", "--unencrypted-log-key").code == 0)
        for (name, role) in [("dana", "data-scientist"), ("vera", "validator"), ("polly", "policy-admin"), ("rita", "risk-officer")] {
            let added = box.run("actor", "add", name, "--role", role, "--as", "alice")
            #expect(added.code == 0, "\(added.err)")
        }
        try box.write(
            "policies/settings.yaml",
            "allow_ungoverned_targets: [development, staging, archived]\nprotected_aliases: [champion]\n" + settings)
        try box.write(
            "policies/production.yaml",
            "name: prod\napplies_to: {target_stage: production}\nrules:\n  - {id: from-staging, kind: stage_transition, from: [staging]}\n")
        let published = box.run("policy", "publish", "policies", "--as", "polly")
        #expect(published.code == 0, "\(published.err)")
        #expect(box.run("policy", "approve", "--as", "rita").code == 0)
        return box
    }

    /// `attest mlflow import --tracking-uri URL --model NAME --as dana --json`.
    func importModel(_ server: String, _ model: String, environment extra: [String: String] = [:]) -> Result {
        run(["mlflow", "import", "--tracking-uri", server, "--model", model, "--as", "dana"], environment: extra)
    }

    /// `importModel` as a test's setup: the test stops, showing what the import said, unless it
    /// exits 0.
    func requireImport(_ server: String, _ model: String) throws {
        let imported = importModel(server, model)
        try #require(imported.code == 0, "attest mlflow import \(model): \(imported.err)\(imported.out)")
    }
}
