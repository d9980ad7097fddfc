import AttestCLI
import AttestLedger
import Foundation

/// Runs `attest` in-process with captured output, its own environment and working directory.
enum CLIRunner {
    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    /// Runs one command line in `folder`.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String]) -> Result {
        let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return Result(code: code, out: console.capturedOut, err: console.capturedErr)
    }
}

/// A ledger prepared once (keys with passphrases, actors, a model with a version, a checkpoint,
/// an inclusion and a consistency proof, a policy directory, an evaluation file) and copied
/// into a fresh folder for each test, so that a hostile input cannot affect another test.
struct PreparedLedger {
    static let passphrase = "correct horse battery staple"
    static let origin = "hostile.example/log"

    let folder: URL

    var environment: [String: String] {
        ["ATTEST_HOME": folder.appendingPathComponent("home").path, "ATTEST_ACTOR": "alice", "ATTEST_PASSPHRASE": Self.passphrase]
    }

    var ledgerPath: String { folder.appendingPathComponent("attest.ledger").path }

    /// A copy of the template in a new temporary folder.
    static func make() throws -> PreparedLedger {
        let template = try templateFolder.get()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-hostile-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: template, to: folder)
        return PreparedLedger(folder: folder)
    }

    func run(_ arguments: [String], environment overrides: [String: String?] = [:]) -> CLIRunner.Result {
        var environment = environment
        for (key, value) in overrides { environment[key] = value }
        return CLIRunner.run(arguments, in: folder, environment: environment)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
    }

    /// The ledger file's bytes and whether a WAL file with content exists: equal before and
    /// after a command means the command changed nothing.
    func snapshot() -> [Data?] {
        ["", "-wal"].map { suffix in
            let data = FileManager.default.contents(atPath: ledgerPath + suffix)
            return (data?.isEmpty ?? true) ? nil : data
        }
    }

    /// The log's private key, for making correctly signed hostile checkpoints.
    func logSigner() throws -> Signer {
        var bytes = Array(Self.passphrase.utf8)
        let secret = SecretBytes(consuming: &bytes)
        return try Keystore(home: folder.appendingPathComponent("home")).load(name: Self.origin) { secret }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    private static let templateFolder: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-hostile-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let prepared = PreparedLedger(folder: folder)
        try prepared.write("model.bin", "weights")
        try prepared.write("test.csv", "label,prediction,group\n1,1,a\n0,0,b\n1,0,a\n0,1,b\n")
        let steps: [[String]] = [
            ["key", "generate", "alice"], ["key", "generate", "bob"],
            ["init", "--origin", origin, "--admin", "alice"],
            ["actor", "add", "bob", "--role", "validator"],
            ["model", "create", "credit", "--owner", "alice", "--purpose", "credit scoring", "--risk-tier", "high"],
            [
                "model", "register", "credit", "--artifact", "model.bin", "--code", "https://git.example/credit@0123456789abcdef",
                "--param", "depth=3",
            ],
            ["checkpoint", "--out", "checkpoint-old.txt"],
            ["role", "add", "reviewer", "--description", "reads"],
            ["checkpoint", "--out", "checkpoint.txt"],
            ["prove", "2", "--out", "inclusion.txt"],
            ["prove", "--consistency", "checkpoint-old.txt", "--out", "consistency.txt"],
            ["log", "show", "2", "--leaf-out", "leaf2.bin"],
        ]
        for step in steps {
            let result = prepared.run(step)
            guard result.code == 0 else {
                throw CommandFailure("template: attest \(step.joined(separator: " ")): \(result.err)", exitCode: result.code)
            }
        }
        try prepared.write("logkey.pub", try prepared.read("home/keys/\(origin.replacingOccurrences(of: "/", with: "%2F")).pub"))
        return folder
    }
}
