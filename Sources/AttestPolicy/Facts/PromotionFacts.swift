/// Everything the engine reads to decide one promotion: a snapshot built by the
/// registry from the ledger (or written by hand in a policy test case).
///
/// Every fact carries the sequence number of the ledger entry it came from, so that a
/// decision can cite its inputs.
public struct PromotionFacts: Hashable, Codable, Sendable {
    /// The model (key `model`).
    public var model: ModelFacts
    /// The version being promoted (key `version`).
    public var version: VersionFacts
    /// The promotion request (key `request`).
    public var request: PromotionRequest
    /// Approvals recorded for the model (key `approvals`).
    public var approvals: [ReviewFact]
    /// Rejections recorded for the model (key `rejections`).
    public var rejections: [ReviewFact]
    /// Evaluations of the version (key `evaluations`).
    public var evaluations: [EvaluationFact]
    /// Monitoring results of the version (key `monitoring`).
    public var monitoring: [MonitoringFact]

    /// Creates a snapshot.
    /// - Parameters:
    ///   - model: Model.
    ///   - version: Version.
    ///   - request: Request.
    ///   - approvals: Approvals.
    ///   - rejections: Rejections.
    ///   - evaluations: Evaluations.
    ///   - monitoring: Monitoring results.
    public init(
        model: ModelFacts, version: VersionFacts, request: PromotionRequest, approvals: [ReviewFact] = [],
        rejections: [ReviewFact] = [], evaluations: [EvaluationFact] = [], monitoring: [MonitoringFact] = []
    ) {
        self.model = model
        self.version = version
        self.request = request
        self.approvals = approvals
        self.rejections = rejections
        self.evaluations = evaluations
        self.monitoring = monitoring
    }

    /// The latest evaluation on a dataset role (highest entry seq).
    /// - Parameter role: Dataset role.
    /// - Returns: The evaluation, or `nil`.
    public func latestEvaluation(datasetRole role: String) -> EvaluationFact? {
        evaluations.filter { $0.datasetRole == role }.max { $0.seq < $1.seq }
    }

    /// The latest monitoring result (highest entry seq).
    public var latestMonitoring: MonitoringFact? { monitoring.max { $0.seq < $1.seq } }

    /// The entry of the latest evidence about the version: the greatest of
    /// `version.latest_evidence_seq`, the evidence documents' and the evaluations' seqs.
    public var latestEvidenceSeq: EntrySeq? {
        var candidates = version.evidence.map(\.seq) + evaluations.map(\.seq)
        if let seq = version.latestEvidenceSeq { candidates.append(seq) }
        return candidates.max()
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case model, version, request, approvals, rejections, evaluations, monitoring
    }

    /// Decodes a snapshot, rejecting unknown keys; lists default to empty.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(ModelFacts.self, forKey: .model)
        version = try c.decode(VersionFacts.self, forKey: .version)
        request = try c.decode(PromotionRequest.self, forKey: .request)
        approvals = try c.decodeIfPresent([ReviewFact].self, forKey: .approvals) ?? []
        rejections = try c.decodeIfPresent([ReviewFact].self, forKey: .rejections) ?? []
        evaluations = try c.decodeIfPresent([EvaluationFact].self, forKey: .evaluations) ?? []
        monitoring = try c.decodeIfPresent([MonitoringFact].self, forKey: .monitoring) ?? []
    }
}
