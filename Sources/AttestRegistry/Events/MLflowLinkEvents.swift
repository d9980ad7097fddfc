/// Where an imported model lives in MLflow: recorded in `model.created` (field `mlflow`) by
/// `attest mlflow import` (docs/mlflow.md).
public struct MLflowModelLink: Codable, Sendable, Equatable {
    /// The tracking server's URL, without credentials.
    public var trackingUri: String
    /// The registered model's name in MLflow.
    public var name: String

    /// Makes a link.
    public init(trackingUri: String, name: String) {
        self.trackingUri = trackingUri
        self.name = name
    }
}

/// Where an imported version came from in MLflow: recorded in `model.version.registered`
/// (field `mlflow`). The MLflow version number may differ from Attest's: MLflow numbers are
/// kept here, Attest numbers its versions 1, 2, ... in the order they were recorded.
public struct MLflowVersionLink: Codable, Sendable, Equatable {
    /// The tracking server's URL, without credentials.
    public var trackingUri: String
    /// The registered model's name in MLflow.
    public var name: String
    /// MLflow's version number.
    public var version: Int
    /// The run that produced the version (`run_id`), when MLflow names one.
    public var runId: String?
    /// The run's experiment, when known.
    public var experimentId: String?
    /// MLflow 3's logged model (`model_id`), when the version has one.
    public var modelId: String?
    /// The version's `source` URI in MLflow.
    public var source: String
    /// Where its artifacts were downloaded from (`get-download-uri`).
    public var artifactUri: String
    /// Each artifact file with its SHA-256 and size, sorted by path; the version's artifact
    /// record is the folder manifest of these (docs/registry.md, "Digests").
    public var files: [FileRecord]
    /// The run's dataset inputs as MLflow describes them.
    public var datasets: [MLflowDatasetInput]
    /// When MLflow created the version (milliseconds since 1970, MLflow's `creation_timestamp`).
    public var createdMillis: Int64?
    /// Who MLflow says created it (`user_id`), a claim Attest cannot check.
    public var user: String?

    /// Makes a link.
    public init(
        trackingUri: String, name: String, version: Int, runId: String?, experimentId: String?, modelId: String?, source: String,
        artifactUri: String, files: [FileRecord], datasets: [MLflowDatasetInput], createdMillis: Int64?, user: String?
    ) {
        self.trackingUri = trackingUri
        self.name = name
        self.version = version
        self.runId = runId
        self.experimentId = experimentId
        self.modelId = modelId
        self.source = source
        self.artifactUri = artifactUri
        self.files = files
        self.datasets = datasets
        self.createdMillis = createdMillis
        self.user = user
    }
}

/// A dataset input of an MLflow run (`run.inputs.dataset_inputs`): MLflow's own digest, which is
/// MLflow's claim (a hash of a sample of the data), not a SHA-256 of a file.
public struct MLflowDatasetInput: Codable, Sendable, Equatable {
    /// The dataset's name.
    public var name: String
    /// MLflow's dataset digest.
    public var digest: String
    /// The source type, e.g. `code`, `local`, `s3`.
    public var sourceType: String
    /// The source description (a JSON text in MLflow).
    public var source: String
    /// The input tag `mlflow.data.context` (e.g. `training`), when set.
    public var context: String?

    /// Makes an input.
    public init(name: String, digest: String, sourceType: String, source: String, context: String?) {
        self.name = name
        self.digest = digest
        self.sourceType = sourceType
        self.source = source
        self.context = context
    }
}

/// The software environment a version needs: recorded in `model.version.registered` (field
/// `environment`), from an MLflow model's `MLmodel` and requirements files.
public struct EnvironmentRecord: Codable, Sendable, Equatable {
    /// Where the record came from: `mlflow` (an MLmodel folder), or the format of a file.
    public var source: String
    /// The Python version, when known (`python_function.python_version`).
    public var python: String?
    /// The packages as written, one requirement line each (`scikit-learn==1.9.1`), sorted.
    public var packages: [String]
    /// The requirements or conda file the packages came from, with its digest and contents.
    public var files: [EnvironmentFile]
    /// The model signature (MLflow `signature`: `inputs`, `outputs`, `params` as JSON texts).
    public var signature: [String: String]?
    /// The flavors named by the MLmodel file, with their library versions when given.
    public var flavors: [String: String]?
    /// For a captured environment (`--capture-environment`): Python's `platform.platform()`.
    public var platform: String?
    /// For a captured environment on a machine with `nvidia-smi`: each GPU as `NAME, driver DRIVER`.
    public var gpus: [String]?

    /// Makes a record.
    public init(
        source: String, python: String?, packages: [String], files: [EnvironmentFile], signature: [String: String]?,
        flavors: [String: String]?
    ) {
        self.source = source
        self.python = python
        self.packages = packages
        self.files = files
        self.signature = signature
        self.flavors = flavors
    }
}

/// An environment file: name, `sha256:<hex>` of its bytes, and its text.
public struct EnvironmentFile: Codable, Sendable, Equatable {
    /// The file name, e.g. `requirements.txt`.
    public var name: String
    /// `sha256:<hex>` of the bytes.
    public var digest: String
    /// The text, as stored.
    public var contents: String

    /// Makes a record.
    public init(name: String, digest: String, contents: String) {
        self.name = name
        self.digest = digest
        self.contents = contents
    }
}

/// `mlflow.alias.reverted`: `attest mlflow audit --enforce` moved a protected alias in MLflow
/// away from a version no allowing decision covers. `version` is the Attest version the alias
/// pointed at (absent when MLflow's version was never imported).
public struct MLflowAliasReverted: Codable, Sendable, Equatable {
    /// The Attest model.
    public var model: String
    /// The Attest version the alias pointed at, when it was imported.
    public var version: Int?
    /// The alias.
    public var alias: String
    /// The tracking server's URL, without credentials.
    public var trackingUri: String
    /// The registered model's name in MLflow.
    public var mlflowName: String
    /// The MLflow version the alias pointed at.
    public var mlflowVersion: Int
    /// The MLflow version it points at now; absent when the alias was deleted.
    public var restoredMlflowVersion: Int?
    /// Why the alias was not allowed.
    public var reason: String

    /// Makes the event.
    public init(
        model: String, version: Int?, alias: String, trackingUri: String, mlflowName: String, mlflowVersion: Int,
        restoredMlflowVersion: Int?, reason: String
    ) {
        self.model = model
        self.version = version
        self.alias = alias
        self.trackingUri = trackingUri
        self.mlflowName = mlflowName
        self.mlflowVersion = mlflowVersion
        self.restoredMlflowVersion = restoredMlflowVersion
        self.reason = reason
    }
}
