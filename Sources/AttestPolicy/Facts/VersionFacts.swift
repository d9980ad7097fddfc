public import Foundation

/// The model version being promoted, with its lineage and evidence.
public struct VersionFacts: Hashable, Codable, Sendable {
    /// The version number (key `number`).
    public var number: Int
    /// The actor who registered it (key `registrant`).
    public var registrant: String
    /// Its current stage (key `stage`).
    public var stage: Stage
    /// When it entered its current stage (key `stage_entered_at`).
    public var stageEnteredAt: Date
    /// The entry that moved it into its current stage (key `stage_entered_seq`).
    public var stageEnteredSeq: EntrySeq?
    /// The registration entry (key `registered_seq`).
    public var registeredSeq: EntrySeq?
    /// Datasets by role (key `datasets`).
    public var datasets: [DatasetFact]
    /// The code commit, or `nil` when none was recorded (key `code_commit`).
    public var codeCommit: String?
    /// Evidence documents attached (key `evidence`).
    public var evidence: [EvidenceDocument]
    /// The time of the latest evidence about the version (key `latest_evidence_at`).
    public var latestEvidenceAt: Date?
    /// The entry of the latest evidence about the version (key `latest_evidence_seq`).
    /// The engine also takes the evidence documents and evaluations into account.
    public var latestEvidenceSeq: EntrySeq?
    /// The software environment recorded with the version, if any (key `environment`).
    public var environment: EnvironmentFact?

    /// Creates version facts.
    /// - Parameters:
    ///   - number: Version number.
    ///   - registrant: Registering actor.
    ///   - stage: Current stage.
    ///   - stageEnteredAt: When it entered the stage.
    ///   - stageEnteredSeq: The stage-change entry.
    ///   - registeredSeq: The registration entry.
    ///   - datasets: Datasets by role.
    ///   - codeCommit: Code commit.
    ///   - evidence: Evidence documents.
    ///   - latestEvidenceAt: Latest evidence time.
    ///   - latestEvidenceSeq: Latest evidence entry.
    public init(
        number: Int, registrant: String, stage: Stage, stageEnteredAt: Date, stageEnteredSeq: EntrySeq? = nil,
        registeredSeq: EntrySeq? = nil, datasets: [DatasetFact] = [], codeCommit: String? = nil,
        evidence: [EvidenceDocument] = [], latestEvidenceAt: Date? = nil, latestEvidenceSeq: EntrySeq? = nil
    ) {
        self.number = number
        self.registrant = registrant
        self.stage = stage
        self.stageEnteredAt = stageEnteredAt
        self.stageEnteredSeq = stageEnteredSeq
        self.registeredSeq = registeredSeq
        self.datasets = datasets
        self.codeCommit = codeCommit
        self.evidence = evidence
        self.latestEvidenceAt = latestEvidenceAt
        self.latestEvidenceSeq = latestEvidenceSeq
    }

    /// The digest of the dataset with a role, if recorded.
    /// - Parameter role: The dataset role.
    /// - Returns: The dataset fact, or `nil`.
    public func dataset(role: String) -> DatasetFact? { datasets.first { $0.role == role } }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case number, registrant, stage
        case stageEnteredAt = "stage_entered_at", stageEnteredSeq = "stage_entered_seq"
        case registeredSeq = "registered_seq", datasets, codeCommit = "code_commit", evidence
        case latestEvidenceAt = "latest_evidence_at", latestEvidenceSeq = "latest_evidence_seq"
        case environment
    }

    /// Decodes version facts, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        registrant = try c.decode(String.self, forKey: .registrant)
        stage = try c.decode(Stage.self, forKey: .stage)
        stageEnteredAt = try c.decodeTime(forKey: .stageEnteredAt)
        stageEnteredSeq = try c.decodeIfPresent(EntrySeq.self, forKey: .stageEnteredSeq)
        registeredSeq = try c.decodeIfPresent(EntrySeq.self, forKey: .registeredSeq)
        datasets = try c.decodeIfPresent([DatasetFact].self, forKey: .datasets) ?? []
        codeCommit = try c.decodeIfPresent(String.self, forKey: .codeCommit)
        evidence = try c.decodeIfPresent([EvidenceDocument].self, forKey: .evidence) ?? []
        latestEvidenceAt = try c.decodeTimeIfPresent(forKey: .latestEvidenceAt)
        latestEvidenceSeq = try c.decodeIfPresent(EntrySeq.self, forKey: .latestEvidenceSeq)
        environment = try c.decodeIfPresent(EnvironmentFact.self, forKey: .environment)
    }

    /// Encodes version facts with times in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(registrant, forKey: .registrant)
        try c.encode(stage, forKey: .stage)
        try c.encodeTime(stageEnteredAt, forKey: .stageEnteredAt)
        try c.encodeIfPresent(stageEnteredSeq, forKey: .stageEnteredSeq)
        try c.encodeIfPresent(registeredSeq, forKey: .registeredSeq)
        try c.encode(datasets, forKey: .datasets)
        try c.encodeIfPresent(codeCommit, forKey: .codeCommit)
        try c.encode(evidence, forKey: .evidence)
        try c.encodeTimeIfPresent(latestEvidenceAt, forKey: .latestEvidenceAt)
        try c.encodeIfPresent(latestEvidenceSeq, forKey: .latestEvidenceSeq)
        try c.encodeIfPresent(environment, forKey: .environment)
    }
}
