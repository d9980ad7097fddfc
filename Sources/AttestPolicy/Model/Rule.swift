/// One rule of a policy: what is checked, how strictly, and who may override it.
public struct Rule: Hashable, Codable, Sendable {
    /// The rule's id, unique in the policy set (key `id`).
    public var id: String
    /// What the rule checks, with its parameters.
    public var parameters: RuleParameters
    /// How strictly a failure is enforced (key `enforcement`, default `hard_mandatory`).
    public var enforcement: Enforcement
    /// Roles allowed to override a failure of a `soft_mandatory` rule (key `override_roles`).
    public var overrideRoles: [String]
    /// Free text explaining the rule to reviewers (key `description`).
    public var description: String?
    /// Where the rule is written.
    public var location: SourceLocation

    /// The rule's kind.
    public var kind: RuleKind { parameters.kind }

    /// Creates a rule.
    /// - Parameters:
    ///   - id: Unique id.
    ///   - parameters: Kind and parameters.
    ///   - enforcement: Enforcement level.
    ///   - overrideRoles: Roles that may override a soft-mandatory failure.
    ///   - description: Free text.
    ///   - location: Where the rule is written.
    public init(
        id: String, parameters: RuleParameters, enforcement: Enforcement = .hardMandatory,
        overrideRoles: [String] = [], description: String? = nil,
        location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)
    ) {
        self.id = id
        self.parameters = parameters
        self.enforcement = enforcement
        self.overrideRoles = overrideRoles
        self.description = description
        self.location = location
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, enforcement, overrideRoles = "override_roles", description, location, parameters
    }

    /// Decodes a rule written by ``encode(to:)``.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a malformed rule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        enforcement = try container.decodeIfPresent(Enforcement.self, forKey: .enforcement) ?? .hardMandatory
        overrideRoles = try container.decodeIfPresent([String].self, forKey: .overrideRoles) ?? []
        description = try container.decodeIfPresent(String.self, forKey: .description)
        location =
            try container.decodeIfPresent(SourceLocation.self, forKey: .location)
            ?? SourceLocation(path: "", line: 0, column: 0)
        let kind = try container.decode(RuleKind.self, forKey: .kind)
        switch kind {
        case .stageTransition:
            parameters = .stageTransition(try container.decode(StageTransitionParameters.self, forKey: .parameters))
        case .requiredApprovals:
            parameters = .requiredApprovals(
                try container.decode(RequiredApprovalsParameters.self, forKey: .parameters))
        case .metricThreshold:
            parameters = .metricThreshold(try container.decode(MetricThresholdParameters.self, forKey: .parameters))
        case .fairnessThreshold:
            parameters = .fairnessThreshold(
                try container.decode(FairnessThresholdParameters.self, forKey: .parameters))
        case .requiredEvidence:
            parameters = .requiredEvidence(
                try container.decode(RequiredEvidenceParameters.self, forKey: .parameters))
        case .driftThreshold:
            parameters = .driftThreshold(try container.decode(DriftThresholdParameters.self, forKey: .parameters))
        case .cooldown:
            parameters = .cooldown(try container.decode(CooldownParameters.self, forKey: .parameters))
        case .requiredSignature:
            parameters = .requiredSignature(try container.decode(RequiredSignatureParameters.self, forKey: .parameters))
        case .requiredEnvironment:
            parameters = .requiredEnvironment(try container.decode(RequiredEnvironmentParameters.self, forKey: .parameters))
        }
    }

    /// Encodes the rule as `id`, `kind`, `enforcement`, `override_roles`, `description`,
    /// `location` and `parameters`.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(enforcement, forKey: .enforcement)
        try container.encode(overrideRoles, forKey: .overrideRoles)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(location, forKey: .location)
        switch parameters {
        case .stageTransition(let value): try container.encode(value, forKey: .parameters)
        case .requiredApprovals(let value): try container.encode(value, forKey: .parameters)
        case .metricThreshold(let value): try container.encode(value, forKey: .parameters)
        case .fairnessThreshold(let value): try container.encode(value, forKey: .parameters)
        case .requiredEvidence(let value): try container.encode(value, forKey: .parameters)
        case .driftThreshold(let value): try container.encode(value, forKey: .parameters)
        case .cooldown(let value): try container.encode(value, forKey: .parameters)
        case .requiredSignature(let value): try container.encode(value, forKey: .parameters)
        case .requiredEnvironment(let value): try container.encode(value, forKey: .parameters)
        }
    }
}
