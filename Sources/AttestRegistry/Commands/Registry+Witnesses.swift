import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Records a new witness list and quorum (admin only), replacing the previous one.
    /// - Parameters:
    ///   - list: the witnesses and quorum.
    ///   - signer: the acting admin's key.
    /// - Throws: `RegistryError` (`.badInput`) for an invalid list, (`.refused`) for a non-admin
    ///   (recorded), (`.alreadyExists`) when the list is unchanged.
    public func setWitnesses(_ list: WitnessesSet, by signer: Signer) throws {
        try list.validate()
        try perform("witness.set", target: Target("the witness list"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "change the witness list")
            if try Self.witnesses(writer.db) == list {
                throw RegistryError(.alreadyExists, "the witness list is already this one")
            }
            try writer.append(try EntryDraft(type: EventType.witnessesSet, encoding: list), signer: signer)
        }
    }

    /// The witness list in force (the latest `witnesses.set` entry), or `nil` when none was recorded.
    /// - Throws: `RegistryError` (`.badInput`) when the recorded payload does not decode.
    public func witnesses() throws -> WitnessesSet? {
        try Self.witnesses(in: ledger)
    }

    /// The witness list in force in a ledger, read without opening the registry's projections.
    /// - Throws: `RegistryError` (`.badInput`) when the recorded payload does not decode.
    public static func witnesses(in ledger: Ledger) throws -> WitnessesSet? {
        try ledger.read { db in try witnesses(db) }
    }

    static func witnesses(_ db: Database) throws -> WitnessesSet? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT seq, payload FROM entries WHERE type = ? ORDER BY seq DESC LIMIT 1", arguments: [EventType.witnessesSet])
        else { return nil }
        do { return try JSONDecoder().decode(WitnessesSet.self, from: row["payload"] as Data) } catch {
            throw RegistryError(.badInput, "entry \(row["seq"] as Int64): the witness list does not decode")
        }
    }
}
