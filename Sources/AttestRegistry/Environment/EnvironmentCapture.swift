import Crypto
import Foundation

/// `attest model register --capture-environment VENV`: records the Python environment a model
/// was built in by asking it, rather than trusting a file: the interpreter's version and
/// platform, `pip freeze` of that environment (its packages and the SHA-256 of the output), and,
/// where `nvidia-smi` runs, each GPU and its driver (docs/registry.md, "Environments").
public enum EnvironmentCapture {
    /// The Python interpreter of `path`: a virtual environment's folder (`bin/python` in it) or
    /// an interpreter.
    /// - Throws: `RegistryError` (`.notFound`) when there is none.
    public static func interpreter(_ path: URL) throws -> URL {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw RegistryError(.notFound, "--capture-environment \(path.path): no such virtual environment or interpreter")
        }
        let python = isFolder.boolValue ? path.appendingPathComponent("bin/python") : path
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw RegistryError(.notFound, "--capture-environment \(path.path): \(python.path) is not an executable Python interpreter")
        }
        return python
    }

    /// Captures the environment of `path`.
    /// - Parameter path: a virtual environment's folder or a Python interpreter.
    /// - Returns: the record (`source` `captured`, the file `pip-freeze.txt`).
    /// - Throws: `RegistryError` (`.notFound` without an interpreter, `.badInput` when it or pip fails).
    public static func capture(_ path: URL) throws -> EnvironmentRecord {
        let python = try interpreter(path)
        let probe = "import json, platform; print(json.dumps({'python': platform.python_version(), 'platform': platform.platform()}))"
        let described = try run(python, ["-c", probe], what: "\(python.path) -c 'import platform ...'")
        struct Described: Decodable {
            var python: String
            var platform: String
        }
        guard let about = try? JSONDecoder().decode(Described.self, from: described) else {
            throw RegistryError(.badInput, "--capture-environment \(path.path): \(python.path) did not describe itself")
        }
        let freeze = try run(python, ["-m", "pip", "freeze", "--disable-pip-version-check"], what: "\(python.path) -m pip freeze")
        guard let text = String(data: freeze, encoding: .utf8) else {
            throw RegistryError(.badInput, "--capture-environment \(path.path): pip freeze printed text that is not UTF-8")
        }
        let packages = try EnvironmentReader.requirementPackages(text, file: "pip freeze of \(path.path)")
        let digest = "sha256:" + Crypto.SHA256.hash(data: freeze).map { String(format: "%02x", $0) }.joined()
        var record = EnvironmentRecord(
            source: "captured", python: about.python, packages: packages.sorted(),
            files: [EnvironmentFile(name: "pip-freeze.txt", digest: digest, contents: text)], signature: nil, flavors: nil)
        record.platform = about.platform
        record.gpus = gpus()
        return record
    }

    /// Each GPU `nvidia-smi` reports as `NAME, driver DRIVER`; `nil` where it does not run.
    static func gpus() -> [String]? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard
            let smi = paths.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("nvidia-smi") })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }),
            let out = try? run(smi, ["--query-gpu=name,driver_version", "--format=csv,noheader"], what: "nvidia-smi"),
            let text = String(data: out, encoding: .utf8)
        else { return nil }
        let lines = text.split(separator: "\n").map { line -> String in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return fields.count == 2 ? "\(fields[0]), driver \(fields[1])" : line.trimmingCharacters(in: .whitespaces)
        }
        return lines.isEmpty ? nil : lines
    }

    /// Runs a program; its standard output, or a `RegistryError` with its standard error.
    static func run(_ program: URL, _ arguments: [String], what: String) throws -> Data {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-capture-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        do {
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            try process.run()
        } catch {
            throw RegistryError(.badInput, "--capture-environment: cannot run \(what): \(error)")
        }
        process.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self).suffix(500)
            throw RegistryError(.badInput, "--capture-environment: \(what) failed (exit \(process.terminationStatus)): \(err)")
        }
        return out
    }
}
