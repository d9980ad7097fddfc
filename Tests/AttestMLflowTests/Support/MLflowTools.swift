import Foundation
import Synchronization

/// The Python side of the MLflow tests: mlflow and scikit-learn pinned in
/// scripts/mlflow/requirements.txt, installed into .build/venv-mlflow (here when missing, as
/// `make mlflow-venv` does), and the scripts in scripts/mlflow.
enum MLflowTools {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let venv = packageRoot.appendingPathComponent(".build/venv-mlflow")
    static var python: String { venv.appendingPathComponent("bin/python").path }
    static func script(_ name: String) -> String { packageRoot.appendingPathComponent("scripts/mlflow/\(name)").path }

    private static let ready = Mutex(false)

    static func ensureVenv() throws {
        try ready.withLock { done in
            guard !done else { return }
            if !FileManager.default.fileExists(atPath: venv.appendingPathComponent("installed").path) {
                let requirements = packageRoot.appendingPathComponent("scripts/mlflow/requirements.txt").path
                if !FileManager.default.isExecutableFile(atPath: python) {
                    try require(run("/usr/bin/env", ["python3", "-m", "venv", venv.path], in: packageRoot), "python3 -m venv")
                }
                try require(
                    run(
                        python, ["-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check", "-r", requirements],
                        in: packageRoot),
                    "pip install")
                _ = FileManager.default.createFile(atPath: venv.appendingPathComponent("installed").path, contents: Data())
            }
            done = true
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    static func require(_ result: Result, _ what: String) throws {
        guard result.code == 0 else { throw Failure(description: "\(what) failed (\(result.code)): \(result.err)\(result.out)") }
    }

    /// Runs a program and waits; output goes through files so no pipe fills up.
    static func run(_ program: String, _ arguments: [String], in folder: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: MLflowServer.touch(outURL))
        process.standardError = try FileHandle(forWritingTo: MLflowServer.touch(errURL))
        try process.run()
        process.waitUntilExit()
        return Result(
            code: process.terminationStatus, out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
