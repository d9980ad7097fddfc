/// A version's lifecycle stage.
public enum Stage: String, Codable, Sendable, CaseIterable, Comparable {
    /// Every version starts here.
    case development
    /// Under validation.
    case staging
    /// Serving decisions.
    case production
    /// Out of service; a retired version stays here.
    case archived

    /// Parses a stage name.
    /// - Throws: `RegistryError` (`.badInput`) listing the stages.
    public init(parsing text: String) throws {
        guard let stage = Stage(rawValue: text.lowercased()) else {
            throw RegistryError(.badInput, "unknown stage '\(text)'; stages are \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = stage
    }

    /// Orders values for sorting.
    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A model's risk tier, which selects the policies that govern it.
public enum RiskTier: String, Codable, Sendable, CaseIterable {
    /// Low risk.
    case low
    /// Medium risk.
    case medium
    /// High risk.
    case high

    /// Parses a tier name.
    /// - Throws: `RegistryError` (`.badInput`) listing the tiers.
    public init(parsing text: String) throws {
        guard let tier = RiskTier(rawValue: text.lowercased()) else {
            throw RegistryError(.badInput, "unknown risk tier '\(text)'; tiers are low, medium, high")
        }
        self = tier
    }
}

/// The built-in roles; more can be defined (roles are data).
public enum BuiltInRole {
    /// Manages actors and roles.
    public static let admin = "admin"
    /// Publishes policy sets.
    public static let policyAdmin = "policy-admin"
    /// Registers models and versions, records evaluations.
    public static let dataScientist = "data-scientist"
    /// Reviews evidence, approves or rejects.
    public static let validator = "validator"
    /// Approves for production, may override soft rules.
    public static let riskOfficer = "risk-officer"
    /// Reads everything.
    public static let auditor = "auditor"

    /// The catalogue written at initialisation.
    public static let all: [(name: String, description: String)] = [
        (admin, "manages actors, roles and the lifecycle"),
        (policyAdmin, "writes and publishes promotion policies"),
        (dataScientist, "registers models and versions and records evaluations"),
        (validator, "reviews evidence and approves or rejects versions"),
        (riskOfficer, "signs off on production and may override soft rules"),
        (auditor, "reads the ledger and its reports"),
    ]
}
