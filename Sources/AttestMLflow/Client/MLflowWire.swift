/// The parts of MLflow's REST API 2.0 answers that Attest reads (mlflow/protos/service.proto
/// and model_registry.proto, JSON-encoded by MLflow's server, decoded with `convertFromSnakeCase`). Fields MLflow may
/// omit are optional.
enum MLflowWire {
    struct KeyValue: Decodable, Sendable {
        var key: String
        var value: String?
    }

    struct Alias: Decodable, Sendable {
        var alias: String
        var version: String
    }

    struct RegisteredModel: Decodable, Sendable {
        var name: String
        var description: String?
        var tags: [KeyValue]?
        var aliases: [Alias]?
    }

    struct RegisteredModelAnswer: Decodable, Sendable {
        var registeredModel: RegisteredModel
    }

    struct RegisteredModelPage: Decodable, Sendable {
        var registeredModels: [RegisteredModel]?
        var nextPageToken: String?
    }

    struct ModelVersion: Decodable, Sendable {
        var name: String
        var version: String
        var creationTimestamp: Int64?
        var userId: String?
        var description: String?
        var source: String?
        var runId: String?
        var status: String?
        var modelId: String?
        var tags: [KeyValue]?
    }

    struct ModelVersionPage: Decodable, Sendable {
        var modelVersions: [ModelVersion]?
        var nextPageToken: String?
    }

    struct DownloadURI: Decodable, Sendable {
        var artifactUri: String
    }

    struct Metric: Decodable, Sendable {
        var key: String
        var value: Double?
        var timestamp: Int64?
        var step: Int64?
    }

    struct RunInfo: Decodable, Sendable {
        var runId: String?
        var experimentId: String?
    }

    struct RunData: Decodable, Sendable {
        var metrics: [Metric]?
        var params: [KeyValue]?
        var tags: [KeyValue]?
    }

    struct Dataset: Decodable, Sendable {
        var name: String?
        var digest: String?
        var sourceType: String?
        var source: String?
    }

    struct DatasetInput: Decodable, Sendable {
        var tags: [KeyValue]?
        var dataset: Dataset?
    }

    struct RunInputs: Decodable, Sendable {
        var datasetInputs: [DatasetInput]?
    }

    struct Run: Decodable, Sendable {
        var info: RunInfo?
        var data: RunData?
        var inputs: RunInputs?
    }

    struct RunAnswer: Decodable, Sendable {
        var run: Run
    }

    struct FileInfo: Decodable, Sendable {
        var path: String
        var isDir: Bool?
        var fileSize: Int64?
    }

    struct FileList: Decodable, Sendable {
        var files: [FileInfo]?
    }

    struct ErrorAnswer: Decodable, Sendable {
        var errorCode: String?
        var message: String?
    }
}
