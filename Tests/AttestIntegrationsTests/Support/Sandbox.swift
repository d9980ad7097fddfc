import AttestCLI
import AttestLedger
import Foundation
import Testing

/// `attest` run in-process in a temporary folder with its own keystore (unencrypted keys), plus
/// the external tools the integration tests use: the pinned Python packages and `openssl`.
struct Sandbox {
    let folder: URL
    let environment: [String: String]

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-integrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = ["ATTEST_HOME": folder.appendingPathComponent("home").path]
    }

    @discardableResult
    func run(_ arguments: String...) -> Result { run(arguments) }

    func run(_ arguments: [String]) -> Result {
        let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return Result(code: code, out: console.capturedOut, err: console.capturedErr)
    }

    func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws { try write(name, Data(text.utf8)) }

    func write(_ name: String, _ data: Data) throws {
        try FileManager.default.createDirectory(at: url(name).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url(name))
    }

    func read(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    /// The number of entries in the ledger.
    var entryCount: Int {
        get throws { try Ledger.open(at: url("attest.ledger").path).entries().count }
    }

    /// Runs a program in the sandbox folder.
    @discardableResult
    func shell(_ program: String, _ arguments: [String]) throws -> Result {
        try Tools.run(program, arguments, in: folder)
    }

    /// Runs `model_signing` (the pinned model-signing package's command) in the sandbox folder.
    @discardableResult
    func modelSigning(_ arguments: [String]) throws -> Result {
        try Tools.modelSigning(arguments, in: folder)
    }

    /// A ledger with alice (admin), dana (data scientist), vera (validator), polly (policy admin),
    /// rita (risk officer), model `scorer`, and a published policy set in force whose staging gate
    /// needs one validator approval and a test-set accuracy of at least 0.5.
    static func world() throws -> Sandbox {
        let box = try Sandbox()
        for name in ["alice", "dana", "vera", "polly", "rita"] {
            #expect(box.run("key", "generate", name, "--no-passphrase").code == 0)
        }
        #expect(box.run("init", "--origin", "intoto.example/log", "--admin", "alice", "--unencrypted-log-key").code == 0)
        for (name, role) in [("dana", "data-scientist"), ("vera", "validator"), ("polly", "policy-admin"), ("rita", "risk-officer")] {
            let added = box.run("actor", "add", name, "--role", role, "--as", "alice")
            #expect(added.code == 0, "\(added.err)")
        }
        let created = box.run(
            "model", "create", "scorer", "--owner", "dana", "--purpose", "scoring", "--risk-tier", "medium", "--as", "alice")
        #expect(created.code == 0, "\(created.err)")
        try box.write("policies/settings.yaml", "allow_ungoverned_targets: [development, archived]\n")
        try box.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: from-dev, kind: stage_transition, from: [development]}
              - {id: one-approval, kind: required_approvals, count: 1, roles: [validator], exclude: [registrant]}
              - {id: accuracy, kind: metric_threshold, metric: accuracy, op: ">=", value: 0.5}

            """)
        #expect(box.run("policy", "publish", "--as", "polly").code == 0)
        #expect(box.run("policy", "approve", "--as", "rita").code == 0)
        return box
    }

    /// A model folder with two files and a git file OMS ignores.
    func makeModelFolder(_ name: String) throws {
        try write("\(name)/weights.bin", "weights of \(name)\n")
        try write("\(name)/config/params.json", "{\"depth\": 3}\n")
        try write("\(name)/.gitignore", "*.tmp\n")
    }

    /// Registers `folder` (and the test set) as the next version of `scorer`.
    func register(_ folder: String) throws {
        try write("test.csv", "y,p\n1,1\n0,0\n1,1\n0,1\n")
        let registered = run("model", "register", "scorer", "--artifact", folder, "--dataset", "test=test.csv", "--as", "dana")
        #expect(registered.code == 0, "\(registered.err)")
    }
}
