import AttestRegistry
import Foundation
import Yams

/// The environment of an MLflow model folder, read from its `MLmodel` file (YAML: `signature`,
/// `flavors.python_function.python_version`, each flavor's library version) and its
/// requirements files (`requirements.txt`, `conda.yaml`, `python_env.yaml`).
enum MLmodelEnvironment {
    /// The environment files recorded whole when present.
    static let environmentFiles = ["requirements.txt", "conda.yaml", "python_env.yaml"]

    /// The record, or `nil` when the folder has no `MLmodel` at its top.
    /// - Parameters:
    ///   - files: the folder's files (relative paths).
    ///   - read: reads one file by relative path.
    /// - Throws: `MLflowError` (`.badInput`) for an MLmodel that is not YAML.
    static func read(files: [FileRecord], _ read: (String) throws(MLflowError) -> Data) throws(MLflowError) -> EnvironmentRecord? {
        let names = Set(files.map(\.name))
        guard names.contains("MLmodel") else { return nil }
        let mlmodel = try read("MLmodel")
        guard let loaded = try? Yams.load(yaml: String(decoding: mlmodel, as: UTF8.self)), let root = loaded as? [String: Any] else {
            throw MLflowError(.badInput, "MLmodel is not a YAML mapping")
        }
        let flavors = root["flavors"] as? [String: Any] ?? [:]
        let python = (flavors["python_function"] as? [String: Any])?["python_version"].map { "\($0)" }
        var libraries: [String: String] = [:]
        for (flavor, value) in flavors {
            let fields = value as? [String: Any] ?? [:]
            let version = fields.first { $0.key.hasSuffix("_version") && $0.key != "python_version" }?.value
            libraries[flavor] = version.map { "\($0)" } ?? ""
        }
        var signature: [String: String]?
        if let fields = root["signature"] as? [String: Any] {
            signature = fields.compactMapValues { $0 is NSNull ? nil : ($0 as? String) ?? "\($0)" }
        }
        var recorded: [EnvironmentFile] = []
        var packages: [String] = []
        for name in environmentFiles where names.contains(name) {
            let data = try read(name)
            let text = String(decoding: data, as: UTF8.self)
            recorded.append(EnvironmentFile(name: name, digest: "sha256:" + SHA256Hex.of(data), contents: text))
            if name == "requirements.txt" { packages = requirementLines(text) }
        }
        return EnvironmentRecord(
            source: "mlflow", python: python, packages: packages, files: recorded, signature: signature, flavors: libraries)
    }

    /// The requirement lines of a requirements file: trimmed, without comments, options or blanks, sorted.
    static func requirementLines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("-") ? nil : trimmed
        }.sorted()
    }

    /// `sklearn 1.9.1`: the first flavor other than `python_function`, with its library version.
    static func framework(_ environment: EnvironmentRecord?) -> String? {
        guard let flavors = environment?.flavors else { return nil }
        guard let (name, version) = flavors.filter({ $0.key != "python_function" }).sorted(by: { $0.key < $1.key }).first else {
            return nil
        }
        return version.isEmpty ? name : "\(name) \(version)"
    }
}
