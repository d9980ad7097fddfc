import Crypto
import Foundation

/// Reads the environment file given to `attest model register --environment FILE`: a pip
/// requirements file or `pip freeze` output, a conda environment YAML, or a `uv.lock`, into an
/// ``EnvironmentRecord`` with the package list and the file's digest and text (docs/registry.md,
/// "Environments").
public enum EnvironmentReader {
    /// The largest environment file read: 4 MiB.
    public static let maximumBytes = 4 << 20

    /// Reads and parses `url`.
    /// - Returns: the record (`source` is `requirements`, `conda` or `uv.lock`).
    /// - Throws: `RegistryError` (`.notFound` for an unreadable file, `.badInput` for one that is
    ///   too large, not UTF-8, or names no package), naming the file and line.
    public static func read(_ url: URL) throws -> EnvironmentRecord {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RegistryError(.notFound, "--environment \(url.path): cannot read the file")
        }
        guard data.count <= maximumBytes else {
            throw RegistryError(.badInput, "--environment \(url.path): \(data.count) bytes; at most \(maximumBytes) are read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RegistryError(.badInput, "--environment \(url.path): not UTF-8 text")
        }
        let name = url.lastPathComponent
        let digest = "sha256:" + Crypto.SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let (source, python, packages) = try parse(text, name: name, file: url.path)
        guard !packages.isEmpty else {
            throw RegistryError(.badInput, "--environment \(url.path): names no package (read as \(source))")
        }
        var condaPython: String?
        if source == "conda", let pin = packages.first(where: { $0.hasPrefix("python=") }) {
            condaPython = String(pin.drop(while: { $0 != "=" }).drop(while: { $0 == "=" }))
        }
        return EnvironmentRecord(
            source: source, python: python ?? condaPython, packages: packages.sorted(),
            files: [EnvironmentFile(name: name, digest: digest, contents: text)], signature: nil, flavors: nil)
    }

    /// The format, the Python version it names and the packages of an environment file.
    static func parse(_ text: String, name: String, file: String) throws -> (String, String?, [String]) {
        if name == "uv.lock" || text.contains("\n[[package]]") { return ("uv.lock", uvPython(text), uvPackages(text)) }
        if text.range(of: #"(?m)^dependencies\s*:"#, options: .regularExpression) != nil {
            return ("conda", nil, try condaPackages(text, file: file))
        }
        return ("requirements", nil, try requirementPackages(text, file: file))
    }

    /// Requirement lines: without comments, blank lines and options; a line that is not a
    /// requirement (no package name first) is refused with its line number.
    static func requirementPackages(_ text: String, file: String) throws -> [String] {
        var packages: [String] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") { continue }
            guard let first = trimmed.unicodeScalars.first, CharacterSet.alphanumerics.contains(first) else {
                throw RegistryError(.badInput, "\(file):\(index + 1): '\(trimmed)' is not a requirement (NAME[==VERSION])")
            }
            packages.append(trimmed)
        }
        return packages
    }

    /// The items of a conda file's `dependencies:` list, and of its nested `- pip:` list.
    static func condaPackages(_ text: String, file: String) throws -> [String] {
        var packages: [String] = []
        var inDependencies = false
        for line in text.components(separatedBy: "\n") {
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                inDependencies = line.hasPrefix("dependencies")
                continue
            }
            guard inDependencies else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- ") else { continue }
            let item = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if item == "pip:" || item.isEmpty { continue }
            packages.append(item)
        }
        return packages
    }

    /// `NAME==VERSION` for each `[[package]]` of a uv.lock.
    static func uvPackages(_ text: String) -> [String] {
        var packages: [String] = []
        var name: String?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("[") {
                name = nil
                continue
            }
            if line.hasPrefix("name = ") { name = tomlString(line) }
            if line.hasPrefix("version = "), let current = name, let version = tomlString(line) {
                packages.append("\(current)==\(version)")
                name = nil
            }
        }
        return packages
    }

    /// `requires-python` of a uv.lock.
    static func uvPython(_ text: String) -> String? {
        text.components(separatedBy: "\n").first { $0.hasPrefix("requires-python = ") }.flatMap(tomlString)
    }

    static func tomlString(_ line: String) -> String? {
        guard let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") else { return nil }
        return String(line[line.index(after: open)..<close])
    }
}
