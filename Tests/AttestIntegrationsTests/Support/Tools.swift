import AttestTestProcesses
import Foundation
import Synchronization

/// The external programs of the integration tests: `openssl`, and the pinned Python packages in
/// `.build/venv-integrations` (created here from scripts/integrations/requirements.txt when missing,
/// as `make integrations-venv` does).
enum Tools {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let venv = packageRoot.appendingPathComponent(".build/venv-integrations")
    static var python: String { venv.appendingPathComponent("bin/python").path }
    static var verifyScript: String { packageRoot.appendingPathComponent("scripts/integrations/verify_intoto.py").path }
    /// The third-party inclusion-proof verifier (docs/log-format.md alone; needs `cryptography`, in this venv too).
    static var proofScript: String { packageRoot.appendingPathComponent("scripts/thirdparty/verify_proof.py").path }

    private static let ready = Mutex(false)

    /// The `model_signing` command of the pinned package, run by one long-lived process
    /// (scripts/integrations/model_signing_serve.py: the package's own entry point, imported once).
    private static let modelSigningService = JSONLineProcess(
        executable: URL(fileURLWithPath: python),
        arguments: [packageRoot.appendingPathComponent("scripts/integrations/model_signing_serve.py").path], folder: packageRoot,
        errorLog: FileManager.default.temporaryDirectory.appendingPathComponent("model-signing-serve-\(UUID().uuidString).err"))

    /// `model_signing arguments` run in `folder`: its exit status and what it printed.
    static func modelSigning(_ arguments: [String], in folder: URL) throws -> Sandbox.Result {
        try ensureVenv()
        let reply = try modelSigningService.request(["cwd": folder.path, "args": arguments] as [String: Any])
        guard let code = reply["code"] as? Int else { throw Failure(description: "model_signing_serve.py answered \(reply)") }
        return Sandbox.Result(code: Int32(code), out: reply["out"] as? String ?? "", err: reply["err"] as? String ?? "")
    }

    /// Creates the virtual environment once per test run when it is missing.
    static func ensureVenv() throws {
        try ready.withLock { done in
            guard !done else { return }
            let installed = venv.appendingPathComponent("installed")
            if !FileManager.default.fileExists(atPath: installed.path) {
                let requirements = packageRoot.appendingPathComponent("scripts/integrations/requirements.txt").path
                if !FileManager.default.isExecutableFile(atPath: python) {
                    try require(run("/usr/bin/env", ["python3", "-m", "venv", venv.path], in: packageRoot), "python3 -m venv")
                }
                try require(
                    run(
                        python, ["-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check", "-r", requirements],
                        in: packageRoot),
                    "pip install")
                _ = FileManager.default.createFile(atPath: installed.path, contents: Data())
            }
            done = true
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func require(_ result: Sandbox.Result, _ what: String) throws {
        guard result.code == 0 else { throw Failure(description: "\(what) failed (\(result.code)): \(result.err)\(result.out)") }
    }

    /// Runs a program and waits; output is collected through files so no pipe can fill up.
    static func run(_ program: String, _ arguments: [String], in folder: URL) throws -> Sandbox.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        process.currentDirectoryURL = folder
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Sandbox.Result(
            code: process.terminationStatus, out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
