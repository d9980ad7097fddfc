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
