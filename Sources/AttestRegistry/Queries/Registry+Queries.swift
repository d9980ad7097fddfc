import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Every actor with its current roles and keys.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`) when the tables disagree with the log.
    public func actors() throws -> [ActorInfo] {
        try ledger.read { db in
            try ProjectionGuard(ledger: ledger, db: db).check(ProjectionGuard.sharedTables.map { .init($0) })
            return try Row.fetchAll(db, sql: "SELECT * FROM reg_actors ORDER BY name").map { row in
                let name: String = row["name"]
                return ActorInfo(
                    name: name, kind: row["kind"], active: row["active"] as Int64 == 1,
                    roles: try Self.currentRoles(of: name, db: db),
                    keys: try String.fetchAll(
                        db, sql: "SELECT vkey FROM reg_actor_keys WHERE actor = ? AND valid_through IS NULL ORDER BY valid_from",
                        arguments: [name]))
            }
        }
    }

    /// The role catalogue: name and description.
    public func roleCatalogue() throws -> [RoleDefined] {
        try ledger.read { db in
            try Row.fetchAll(db, sql: "SELECT role, description FROM reg_roles ORDER BY role").map {
                RoleDefined(role: $0["role"], description: $0["description"])
            }
        }
    }

    /// Every model, with its version count, production version and aliases.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`) when a row it prints disagrees with the log.
    public func models() throws -> [ModelSummary] {
        try ledger.read { db in
            try ProjectionGuard(ledger: ledger, db: db).checkInventory()
            return try Row.fetchAll(db, sql: "SELECT * FROM reg_models ORDER BY name").map { row in
                let name: String = row["name"]
                let aliases = try Row.fetchAll(db, sql: "SELECT alias, version FROM reg_aliases WHERE model = ?", arguments: [name])
                return ModelSummary(
                    name: name, owner: row["owner"], riskTier: row["risk_tier"], purpose: row["purpose"],
                    versions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reg_versions WHERE model = ?", arguments: [name]) ?? 0,
                    production: try Int.fetchOne(
                        db, sql: "SELECT MAX(version) FROM reg_versions WHERE model = ? AND stage = 'production'", arguments: [name]),
                    aliases: Dictionary(uniqueKeysWithValues: aliases.map { ($0["alias"] as String, $0["version"] as Int) }))
            }
        }
    }

    /// A model with every version; every row read is first checked against the signed log
    /// (``ProjectionGuard``).
    /// - Throws: `RegistryError` (`.notFound`); `LedgerError` (`.inconsistentDatabase`) when a
    ///   projection row disagrees with the entry it came from.
    public func model(_ name: String) throws -> ModelInfo {
        try ledger.read { db in
            try Self.requireModel(name, db)
            try ProjectionGuard(ledger: ledger, db: db).checkModel(name)
            let row = try Row.fetchOne(db, sql: "SELECT * FROM reg_models WHERE name = ?", arguments: [name])!
            let created = try decodeEntry(ModelCreated.self, at: row["created_seq"], db)
            let numbers = try Int.fetchAll(db, sql: "SELECT version FROM reg_versions WHERE model = ? ORDER BY version", arguments: [name])
            return ModelInfo(
                model: created, created: ISOTime.string(micros: row["created_us"]),
                versions: try numbers.map { try versionInfo(name, $0, db) })
        }
    }

    /// One version, its rows first checked against the signed log (``ProjectionGuard``).
    /// - Throws: `RegistryError` (`.notFound`); `LedgerError` (`.inconsistentDatabase`) when a
    ///   projection row disagrees with the entry it came from.
    public func version(_ model: String, _ version: Int) throws -> VersionInfo {
        try ledger.read { db in
            try Self.requireModel(model, db)
            try ProjectionGuard(ledger: ledger, db: db).checkModel(model, version: version)
            return try versionInfo(model, version, db)
        }
    }

    func versionInfo(_ model: String, _ version: Int, _ db: Database) throws -> VersionInfo {
        guard let row = try Self.versionRow(model, version, db) else {
            throw RegistryError(.notFound, "\(model) has no version \(version)")
        }
        let deployments = try Row.fetchAll(
            db, sql: "SELECT environment, traffic FROM reg_deployments WHERE model = ? AND version = ?", arguments: [model, version])
        return VersionInfo(
            model: model, version: version, stage: row["stage"], stageSince: ISOTime.string(micros: row["stage_us"]),
            status: row["status"], registrant: row["registrant"], registered: ISOTime.string(micros: row["registered_us"]),
            registeredEntry: UInt64(row["registered_seq"] as Int64),
            registration: try decodeEntry(VersionRegistered.self, at: row["registered_seq"], db),
            deployments: Dictionary(uniqueKeysWithValues: deployments.map { ($0["environment"] as String, $0["traffic"] as Double) }),
            aliases: try String.fetchAll(
                db, sql: "SELECT alias FROM reg_aliases WHERE model = ? AND version = ? ORDER BY alias", arguments: [model, version]))
    }

    /// Every entry about a model, in order, with who and when.
    public func history(_ model: String) throws -> [HistoryItem] {
        try ledger.read { db in
            try Self.requireModel(model, db)
            try ProjectionGuard(ledger: ledger, db: db).check(
                [.init("reg_model_entries", where: "model = ?", [model])] + ProjectionGuard.sharedTables.map { .init($0) },
                models: [model])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.time_us, e.type, e.payload, e.signer FROM reg_model_entries m
                    JOIN entries e ON e.seq = m.seq WHERE m.model = ? ORDER BY e.seq
                    """, arguments: [model])
            return try rows.map { row in
                let signer = Digest([UInt8](row["signer"] as Data)) ?? .zero
                let type: String = row["type"]
                let payload = [UInt8](row["payload"] as Data)
                return HistoryItem(
                    entry: UInt64(row["seq"] as Int64), time: ISOTime.string(micros: row["time_us"]),
                    actor: try RegistryProjector.actorName(signer: signer, db: db) ?? "unknown", type: type,
                    summary: EventSummary.line(type: type, payload: payload),
                    highlight: type == EventType.actionRefused || EventSummary.isOverride(type: type, payload: payload))
            }
        }
    }

    func decodeEntry<T: Decodable>(_ type: T.Type, at seq: Int64, _ db: Database) throws -> T {
        guard let data = try Data.fetchOne(db, sql: "SELECT payload FROM entries WHERE seq = ?", arguments: [seq]) else {
            throw RegistryError(.notFound, "entry \(seq) is missing; run 'attest verify'")
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw RegistryError(.badInput, "entry \(seq): payload does not decode as \(type); run 'attest verify'")
        }
    }
}
