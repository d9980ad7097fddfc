import AttestCLI
import Foundation

/// Runs `attest` in-process in a temporary folder with its own keystore.
struct CLISandbox {
    let folder: URL
    var environment: [String: String]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = ["ATTEST_HOME": folder.appendingPathComponent("home").path, "ATTEST_PASSPHRASE": "test passphrase"]
    }

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    /// Runs one command line.
    @discardableResult
    func run(_ arguments: String...) -> Result { run(arguments) }

    func run(_ arguments: [String]) -> Result {
        let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return Result(code: code, out: console.capturedOut, err: console.capturedErr)
    }

    /// A ledger with alice (admin) and keys for the named people, all unencrypted for speed.
    func initialised(people: [String] = []) throws -> CLISandbox {
        for name in ["alice"] + people {
            let result = run("key", "generate", name, "--no-passphrase")
            guard result.code == 0 else { throw CommandFailure("key generate failed: \(result.err)", exitCode: result.code) }
        }
        let result = run("init", "--origin", "cli.example/log", "--admin", "alice", "--unencrypted-log-key")
        guard result.code == 0 else { throw CommandFailure("init failed: \(result.err)", exitCode: result.code) }
        return self
    }

    func write(_ name: String, _ contents: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    var ledgerBytes: Data? { FileManager.default.contents(atPath: folder.appendingPathComponent("attest.ledger").path) }
}
