import AttestLedger
import GRDB

extension ProjectionGuard {
    /// Checks every projection row about `model` (one version, or all) that `model show`,
    /// reports, exports and promotion decisions read, and the tables of actors, keys, roles,
    /// grants and policy sets, against the signed log.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: one version, or every version of the model.
    ///   - forDecision: check only what a promotion decision's facts read: the recorded
    ///     decisions themselves (`gov_decisions`) are left out, so the cost does not grow with
    ///     the number of decisions a model has had.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`, exit 3) naming the table and entry.
    public func checkModel(_ model: String, version: Int? = nil, forDecision: Bool = false) throws {
        var selections: [Selection] = [Selection("reg_models", where: "name = ?", [model])]
        let scope = version == nil ? "model = ?" : "model = ? AND version = ?"
        let arguments: StatementArguments = version.map { [model, $0] } ?? [model]
        let tables = [
            "reg_versions", "reg_files", "reg_stage_history", "reg_evaluations", "reg_monitoring", "gov_inputs", "gov_reviews",
        ]
        for table in tables + (forDecision ? [] : ["gov_decisions"]) {
            selections.append(Selection(table, where: scope, arguments))
        }
        selections.append(Selection("reg_aliases", where: "model = ?", [model]))
        selections.append(Selection("reg_deployments", where: "model = ?", [model]))
        selections.append(
            Selection("reg_monitoring_columns", where: "seq IN (SELECT seq FROM reg_monitoring WHERE \(scope))", arguments))
        selections += Self.sharedTables.map { Selection($0) }
        let modelTypes = Self.modelStateTypes.filter { !forDecision || $0 != EventType.promotionDecided }
        try check(selections, models: [model], modelTypes: modelTypes, version: version)
    }

    /// Checks what the inventory reads: every model, the versions in production and every alias
    /// and deployment, with the shared tables.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`, exit 3) naming the table and entry.
    public func checkInventory() throws {
        let models = try String.fetchAll(db, sql: "SELECT name FROM reg_models ORDER BY name")
        var selections = [
            Selection("reg_models"), Selection("reg_versions", where: "stage = 'production'"), Selection("reg_aliases"),
            Selection("reg_deployments"),
        ]
        selections += Self.sharedTables.map { Selection($0) }
        try check(selections, models: models)
    }

    /// Tables every command may read whole: small, and made only by state types.
    static let sharedTables = [
        "reg_roles", "reg_actors", "reg_actor_keys", "reg_role_grants", "gov_policy_sets", "gov_policy_files",
    ]
}
