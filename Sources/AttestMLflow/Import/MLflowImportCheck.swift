public import AttestRegistry
import Foundation

/// What `attest serve` checks of an import it is asked to record (the acts `model.create` and
/// `model.register` carrying MLflow's fields, docs/api.md) before it runs the registry: the
/// fields must be what ``MLflowImporter`` makes of an MLflow version. The server cannot read
/// the client's MLflow, but it recomputes what follows from the fields themselves (the folder
/// record from the file list, the framework and packages from the environment), so a malformed
/// or inconsistent import is refused, never recorded.
public enum MLflowImportCheck {
    /// Checks the link of `model.create`.
    /// - Parameters:
    ///   - model: the Attest model created.
    ///   - link: its MLflow registered model.
    /// - Throws: `MLflowError` (`.badInput`) naming the field.
    public static func check(model: String, link: MLflowModelLink) throws(MLflowError) {
        try checkTrackingUri(link.trackingUri, field: "mlflowModel.trackingUri")
        guard link.name == model else {
            throw MLflowError(.badInput, "mlflowModel.name '\(link.name.prefix(80))' must be the model's name '\(model.prefix(80))'")
        }
    }

    /// Checks the MLflow fields of `model.register`.
    /// - Parameters:
    ///   - model: the Attest model.
    ///   - link: the MLflow model version (`mlflowModelVersion`).
    ///   - artifacts: the artifact records sent: exactly the folder record of `link.files`.
    ///   - datasets: the dataset records sent: none.
    ///   - framework: the framework sent: the one the environment's flavors give.
    ///   - environment: the environment sent.
    /// - Throws: `MLflowError` (`.badInput`) naming the field.
    public static func check(
        model: String, link: MLflowVersionLink, artifacts: [FileRecord], datasets: [FileRecord], framework: String?,
        environment: EnvironmentRecord?
    ) throws(MLflowError) {
        try checkTrackingUri(link.trackingUri, field: "mlflowModelVersion.trackingUri")
        guard link.name == model else {
            throw MLflowError(
                .badInput, "mlflowModelVersion.name '\(link.name.prefix(80))' must be the model's name '\(model.prefix(80))'")
        }
        guard link.version > 0 else { throw MLflowError(.badInput, "mlflowModelVersion.version \(link.version) must be positive") }
        guard link.artifactUri.hasPrefix("mlflow-artifacts:") else {
            throw MLflowError(.badInput, "mlflowModelVersion.artifactUri '\(link.artifactUri.prefix(80))' is not an mlflow-artifacts: URI")
        }
        if let created = link.createdMillis, created < 0 {
            throw MLflowError(.badInput, "mlflowModelVersion.createdMillis \(created) must not be negative")
        }
        try checkFiles(link.files)
        let folder = artifactRecord(for: link.files)
        guard artifacts == [folder] else {
            throw MLflowError(
                .badInput,
                "artifacts must be the one folder record of mlflowModelVersion.files (\(folder.digest), \(folder.size) bytes), as an MLflow import records it"
            )
        }
        guard datasets.isEmpty else {
            throw MLflowError(.badInput, "an MLflow import records no datasets (they are in mlflowModelVersion.datasets)")
        }
        if let environment { try check(environment: environment) }
        guard framework == MLmodelEnvironment.framework(environment) else {
            throw MLflowError(
                .badInput,
                "framework '\((framework ?? "").prefix(80))' is not the one the environment's flavors give ('\(MLmodelEnvironment.framework(environment) ?? "")')"
            )
        }
    }

    /// Checks an environment record (`environmentRecord` of `model.register`): digests
    /// well formed, and for an MLflow model (`source` `mlflow`) the packages those of its
    /// `requirements.txt`.
    /// - Throws: `MLflowError` (`.badInput`) naming the field.
    public static func check(environment: EnvironmentRecord) throws(MLflowError) {
        guard !environment.source.isEmpty else { throw MLflowError(.badInput, "environmentRecord.source must not be empty") }
        for file in environment.files where !isDigest(file.digest) {
            throw MLflowError(
                .badInput, "environmentRecord file '\(file.name.prefix(80))': digest must be sha256:<64 lowercase hex digits>")
        }
        guard environment.source == "mlflow" else { return }
        let requirements = environment.files.first { $0.name == "requirements.txt" }
        guard environment.packages == requirements.map({ MLmodelEnvironment.requirementLines($0.contents) }) ?? [] else {
            throw MLflowError(.badInput, "environmentRecord.packages are not the requirement lines of its requirements.txt")
        }
    }

    /// The one artifact record an import makes of a version's files: the folder `model`, whose
    /// digest is the manifest of `files` (docs/registry.md, "Digests").
    /// - Parameter files: the artifact files, sorted by path.
    /// - Returns: the folder record.
    public static func artifactRecord(for files: [FileRecord]) -> FileRecord {
        ArtifactDigester.folderRecord(name: "model", files: files)
    }

    /// Every artifact file: a relative path, in byte order without repeats, with a digest and a size.
    static func checkFiles(_ files: [FileRecord]) throws(MLflowError) {
        guard !files.isEmpty else { throw MLflowError(.badInput, "mlflowModelVersion.files must not be empty") }
        guard files.count <= ArtifactDigester.maximumFiles else {
            throw MLflowError(.badInput, "mlflowModelVersion.files: more than \(ArtifactDigester.maximumFiles) files")
        }
        var previous: String?
        for file in files {
            let parts = file.name.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.name.isEmpty, !file.name.contains("\0"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw MLflowError(.badInput, "mlflowModelVersion.files: '\(file.name.prefix(80))' is not a relative path")
            }
            guard isDigest(file.digest), file.size >= 0, file.role == nil, file.isFolder == nil else {
                throw MLflowError(
                    .badInput,
                    "mlflowModelVersion.files: '\(file.name.prefix(80))' needs a sha256:<64 lowercase hex> digest and a size, nothing else")
            }
            if let previous, !previous.utf8.lexicographicallyPrecedes(file.name.utf8) {
                throw MLflowError(
                    .badInput, "mlflowModelVersion.files must be sorted by path in byte order, each once ('\(file.name.prefix(80))')")
            }
            previous = file.name
        }
    }

    /// An `http(s)` URL with a host and nothing that may carry a credential (user, password,
    /// query, fragment): what the importer records.
    static func checkTrackingUri(_ uri: String, field: String) throws(MLflowError) {
        guard let parts = URLComponents(string: uri), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parts.host.map({ !$0.isEmpty }) == true, parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil
        else {
            throw MLflowError(
                .badInput, "\(field) '\(uri.prefix(80))' must be an http(s) URL without user, password, query or fragment")
        }
    }

    static func isDigest(_ text: String) -> Bool {
        text.hasPrefix("sha256:") && text.utf8.count == 71
            && text.utf8.dropFirst(7).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
