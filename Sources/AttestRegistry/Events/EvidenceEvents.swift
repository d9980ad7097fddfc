import AttestMetrics

extension EventType {
    /// Metrics computed by Attest from an evaluation file.
    public static let evaluationRecorded = "evaluation.recorded"
    /// Drift computed by Attest from a reference and a current file.
    public static let monitoringRecorded = "monitoring.recorded"
    /// A document attached as evidence (model card, validation report, ...).
    public static let evidenceAttached = "evidence.attached"
}

/// A file read as evidence: its name, digest and size.
public struct EvidenceFile: Codable, Sendable, Equatable {
    /// The file name (not the full path).
    public var name: String
    /// `sha256:<hex>` of the exact bytes read.
    public var digest: String
    /// Size in bytes.
    public var size: Int64

    /// Makes a record.
    public init(name: String, digest: String, size: Int64) {
        self.name = name
        self.digest = digest
        self.size = size
    }
}

/// `evaluation.recorded`: the evaluation of a version on a data file, computed by Attest.
public struct EvaluationRecorded: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The dataset role the file plays (`test` by default).
    public var datasetRole: String
    /// The evaluation file.
    public var data: EvidenceFile
    /// Whether the file's digest is a dataset recorded in the version's lineage, and under which role.
    public var lineageRole: String?
    /// The Attest version that computed the numbers.
    public var attestVersion: String
    /// The full report (every number, the columns used, rows dropped, bootstrap seed).
    public var report: EvaluationReport

    /// Makes the event.
    public init(
        model: String, version: Int, datasetRole: String, data: EvidenceFile, lineageRole: String?, attestVersion: String,
        report: EvaluationReport
    ) {
        self.model = model
        self.version = version
        self.datasetRole = datasetRole
        self.data = data
        self.lineageRole = lineageRole
        self.attestVersion = attestVersion
        self.report = report
    }

    private enum CodingKeys: String, CodingKey {
        case model, version, datasetRole, data, lineageRole, attestVersion, report
    }

    /// Encodes every field; `lineageRole` is written as `null`, not left out, when the file is
    /// not a dataset of the lineage (docs/evaluation.md).
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(version, forKey: .version)
        try container.encode(datasetRole, forKey: .datasetRole)
        try container.encode(data, forKey: .data)
        try container.encode(lineageRole, forKey: .lineageRole)
        try container.encode(attestVersion, forKey: .attestVersion)
        try container.encode(report, forKey: .report)
    }
}

/// `monitoring.recorded`: drift of a version's inputs between a reference and a current file.
public struct MonitoringRecorded: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The reference file.
    public var reference: EvidenceFile
    /// The current file.
    public var current: EvidenceFile
    /// The Attest version that computed the numbers.
    public var attestVersion: String
    /// The full drift report.
    public var report: DriftReport

    /// Makes the event.
    public init(model: String, version: Int, reference: EvidenceFile, current: EvidenceFile, attestVersion: String, report: DriftReport) {
        self.model = model
        self.version = version
        self.reference = reference
        self.current = current
        self.attestVersion = attestVersion
        self.report = report
    }
}

/// `evidence.attached`: a document about a version, by kind and digest, optionally with its bytes.
public struct EvidenceAttached: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The kind: `model_card`, `validation_report`, ...
    public var kind: String
    /// The document.
    public var file: EvidenceFile
    /// The document's bytes, base64, when stored (`--store`), so reports and bundles can show them.
    public var content: String?
    /// The media type, when stored.
    public var mediaType: String?

    /// Makes the event.
    public init(model: String, version: Int, kind: String, file: EvidenceFile, content: String? = nil, mediaType: String? = nil) {
        self.model = model
        self.version = version
        self.kind = kind
        self.file = file
        self.content = content
        self.mediaType = mediaType
    }
}
