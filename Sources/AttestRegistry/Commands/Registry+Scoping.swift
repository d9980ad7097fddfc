import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Records a model's regulatory scoping (SR 26-2 and the EU AI Act) as a `model.scoped`
    /// entry; a later entry replaces an earlier one. Only the model's owner or an admin may.
    /// - Parameters:
    ///   - scoping: the scoping; `model` names the model.
    ///   - signer: the owner's (or an admin's) key.
    /// - Returns: the entry.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model, `.badInput` for an unknown EU
    ///   AI Act class or a rationale without visible text, `.refused` for anybody else, recorded
    ///   as `action.refused`).
    @discardableResult
    public func recordScoping(_ scoping: ModelScoped, by signer: Signer) throws -> UInt64 {
        guard ModelScoped.euAIActClasses.contains(scoping.euAIActClass) else {
            throw RegistryError(
                .badInput,
                "EU AI Act class '\(scoping.euAIActClass)' is not one of \(ModelScoped.euAIActClasses.joined(separator: ", "))")
        }
        guard TerminalText.hasVisibleText(scoping.rationale) else {
            throw RegistryError(.badInput, "the scoping rationale is empty: say why the model is (or is not) a model under SR 26-2")
        }
        let entry = try perform("model.scope", target: Target("model \(scoping.model)", model: scoping.model), by: signer) {
            writer, acting in
            try Self.requireModel(scoping.model, writer.db)
            if let problem = try Self.scopingProblem(actor: acting.name, roles: acting.roles, model: scoping.model, writer.db) {
                throw RegistryError(.refused, problem)
            }
            return try writer.append(try EntryDraft(type: EventType.modelScoped, encoding: scoping), signer: signer)
        }
        return entry.sequence
    }

    /// Why `actor` may not record the scoping of `model`; `nil` when they are its owner or an admin.
    static func scopingProblem(actor: String, roles: Set<String>, model: String, _ db: Database) throws -> String? {
        let owner = try String.fetchOne(db, sql: "SELECT owner FROM reg_models WHERE name = ?", arguments: [model])
        if owner == actor || roles.contains(BuiltInRole.admin) { return nil }
        return "\(actor) may not record the scoping of \(model): only its owner \(owner ?? "(unknown)") or an admin may"
    }
}
