import AttestRegistry
import Foundation

/// Hashes a model version's artifacts through MLflow's proxied artifact store: lists the folder
/// tree, streams each file through SHA-256 (nothing is kept), and makes the folder record the
/// registry uses for a folder (the manifest digest, docs/registry.md "Digests"), so that
/// `attest lineage verify --artifact DIR` checks a downloaded copy against it.
struct ArtifactDigester {
    let client: MLflowClient

    /// The largest artifact tree walked: 100,000 files.
    static let maximumFiles = 100_000

    /// The store path of an `mlflow-artifacts:` URI (`mlflow-artifacts:/1/models/m-1/artifacts`
    /// or `mlflow-artifacts://host:port/1/...`).
    /// - Throws: `MLflowError` (`.badInput`) for another scheme.
    static func storePath(_ uri: String) throws(MLflowError) -> String {
        let scheme = "mlflow-artifacts:"
        guard uri.hasPrefix(scheme) else {
            throw MLflowError(
                .badInput,
                "artifacts at '\(uri)' are not served by the tracking server; Attest downloads through its proxied artifact store (mlflow-artifacts:, 'mlflow server --serve-artifacts', the default)"
            )
        }
        var rest = Substring(uri.dropFirst(scheme.count))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        return rest.split(separator: "/").joined(separator: "/")
    }

    /// Every file below `root` with its digest and size, sorted by relative path (byte order).
    /// - Throws: `MLflowError` from the server.
    func files(below root: String) throws(MLflowError) -> [FileRecord] {
        var found: [FileRecord] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let listed = try client.listArtifacts(folder.isEmpty ? root : root + "/" + folder)
            for entry in listed {
                let name = entry.path.split(separator: "/").last.map(String.init) ?? entry.path
                let relative = folder.isEmpty ? name : folder + "/" + name
                if entry.isDir == true {
                    folders.append(relative)
                } else {
                    let (digest, size) = try client.digestArtifact(root + "/" + relative)
                    found.append(FileRecord(name: relative, digest: digest, size: size))
                }
                guard found.count + folders.count <= Self.maximumFiles else {
                    throw MLflowError(.badInput, "\(root) holds more than \(Self.maximumFiles) files")
                }
            }
        }
        return found.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The folder record of `files`: SHA-256 of `sha256:<hex> <size> <path>\n` per file.
    static func folderRecord(name: String, files: [FileRecord]) -> FileRecord {
        let manifest = files.map { "\($0.digest) \($0.size) \($0.name)\n" }.joined()
        return FileRecord(
            name: name, digest: "sha256:" + SHA256Hex.of(Data(manifest.utf8)), size: files.reduce(0) { $0 + $1.size }, isFolder: true)
    }
}
