import AttestLedger
import Foundation
import GRDB

/// Maintains the registry's tables from the log, entry by entry, in the append transaction.
public struct RegistryProjector: LedgerProjector {
    /// Makes the projector.
    public init() {}

    /// Creates the projection's tables if they do not exist.
    public func install(_ db: Database) throws { try RegistrySchema.install(db) }
    /// Deletes the projection's rows before a replay.
    public func reset(_ db: Database) throws { try RegistrySchema.reset(db) }
    /// The projection's tables, each with an ORDER BY that sorts its rows completely.
    public var tables: [(name: String, orderBy: String)] { RegistrySchema.tables }

    /// Applies one entry to the projection.
    public func apply(_ entry: Entry, _ db: Database) throws {
        let seq = Int64(entry.sequence)
        let decoder = JSONDecoder()
        func payload<T: Decodable>(_ type: T.Type) throws -> T {
            do { return try decoder.decode(type, from: Data(entry.payload)) } catch {
                throw RegistryError(.badInput, "entry \(entry.sequence) (\(entry.type)): payload does not match its type")
            }
        }
        let actor = try Self.actorName(signer: entry.signer, db: db) ?? "unknown"
        switch entry.type {
        case LedgerEntryType.genesis:
            let genesis = try payload(GenesisPayload.self)
            let admin = try VerifierKey(parsing: genesis.admin)
            try db.execute(
                sql: "INSERT INTO reg_roles VALUES (?, ?, ?)",
                arguments: [BuiltInRole.admin, "manages actors, roles and the lifecycle", seq])
            try db.execute(sql: "INSERT INTO reg_actors VALUES (?, 'person', ?, 1, NULL)", arguments: [admin.name, seq])
            try db.execute(
                sql: "INSERT INTO reg_actor_keys VALUES (?, ?, ?, 0, NULL)",
                arguments: [Data(admin.fingerprint.bytes), admin.name, admin.description])
            try db.execute(sql: "INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", arguments: [admin.name, BuiltInRole.admin, seq])
        case LedgerEntryType.keyAdded:
            let added = try payload(KeyAddedPayload.self)
            let key = try VerifierKey(parsing: added.key)
            try db.execute(
                sql: "INSERT INTO reg_actor_keys VALUES (?, ?, ?, ?, NULL)",
                arguments: [Data(key.fingerprint.bytes), added.principal, key.description, seq + 1])
        case LedgerEntryType.keyRotated:
            let rotated = try payload(KeyRotatedPayload.self)
            let old = try VerifierKey(parsing: rotated.oldKey)
            let new = try VerifierKey(parsing: rotated.newKey)
            try db.execute(
                sql: "UPDATE reg_actor_keys SET valid_through = ? WHERE fingerprint = ?", arguments: [seq, Data(old.fingerprint.bytes)])
            try db.execute(
                sql: "INSERT INTO reg_actor_keys VALUES (?, ?, ?, ?, NULL)",
                arguments: [Data(new.fingerprint.bytes), rotated.principal, new.description, seq + 1])
        case LedgerEntryType.keyRevoked:
            let revoked = try payload(KeyRevokedPayload.self)
            let key = try VerifierKey(parsing: revoked.key)
            try db.execute(
                sql: "UPDATE reg_actor_keys SET valid_through = ? WHERE fingerprint = ?", arguments: [seq, Data(key.fingerprint.bytes)])
        case EventType.registryInitialized:
            for role in try payload(RegistryInitialized.self).roles {
                try db.execute(sql: "INSERT OR IGNORE INTO reg_roles VALUES (?, ?, ?)", arguments: [role.role, role.description, seq])
            }
        case EventType.roleDefined:
            let role = try payload(RoleDefined.self)
            try db.execute(sql: "INSERT INTO reg_roles VALUES (?, ?, ?)", arguments: [role.role, role.description, seq])
        case EventType.actorAdded:
            let added = try payload(ActorAdded.self)
            try db.execute(sql: "INSERT INTO reg_actors VALUES (?, ?, ?, 1, NULL)", arguments: [added.actor, added.kind, seq])
            for role in added.roles {
                try db.execute(sql: "INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", arguments: [added.actor, role, seq])
            }
        case EventType.roleGranted:
            let change = try payload(RoleChange.self)
            try db.execute(sql: "INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", arguments: [change.actor, change.role, seq])
        case EventType.roleRevoked:
            let change = try payload(RoleChange.self)
            try db.execute(
                sql: "UPDATE reg_role_grants SET revoked_seq = ? WHERE actor = ? AND role = ? AND revoked_seq IS NULL",
                arguments: [seq, change.actor, change.role])
        case EventType.actorDeactivated:
            let change = try payload(ActorDeactivated.self)
            try db.execute(sql: "UPDATE reg_actors SET active = 0, deactivated_seq = ? WHERE name = ?", arguments: [seq, change.actor])
            try db.execute(
                sql: "UPDATE reg_role_grants SET revoked_seq = ? WHERE actor = ? AND revoked_seq IS NULL", arguments: [seq, change.actor])
        case EventType.modelCreated:
            let model = try payload(ModelCreated.self)
            let tags = String(decoding: try JSONEncoder.sorted.encode(model.tags), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO reg_models VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [model.model, model.owner, model.purpose, model.riskTier.rawValue, tags, seq, entry.timeMicros])
            try Self.link(model.model, seq, db)
        case EventType.versionRegistered:
            let version = try payload(VersionRegistered.self)
            try db.execute(
                sql: "INSERT INTO reg_versions VALUES (?, ?, ?, ?, ?, ?, 'development', ?, ?, 'active', ?, ?, ?)",
                arguments: [
                    version.model, version.version, seq, entry.timeMicros, actor, version.parent, seq, entry.timeMicros,
                    version.code?.repository, version.code?.commit, version.code?.dirty.map { $0 ? 1 : 0 },
                ])
            for file in version.artifacts {
                try db.execute(
                    sql: "INSERT INTO reg_files VALUES (?, ?, 'artifact', NULL, ?, ?, ?)",
                    arguments: [version.model, version.version, file.name, file.digest, file.size])
            }
            for file in version.datasets {
                try db.execute(
                    sql: "INSERT INTO reg_files VALUES (?, ?, 'dataset', ?, ?, ?, ?)",
                    arguments: [version.model, version.version, file.role, file.name, file.digest, file.size])
            }
            try Self.link(version.model, seq, db)
        case EventType.stageChanged:
            let change = try payload(StageChanged.self)
            try db.execute(
                sql: "UPDATE reg_versions SET stage = ?, stage_seq = ?, stage_us = ? WHERE model = ? AND version = ?",
                arguments: [change.to.rawValue, seq, entry.timeMicros, change.model, change.version])
            try db.execute(
                sql: "INSERT INTO reg_stage_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    seq, change.model, change.version, change.from.rawValue, change.to.rawValue, entry.timeMicros, actor, change.reason,
                ])
            if change.to == .archived {
                try db.execute(
                    sql: "DELETE FROM reg_deployments WHERE model = ? AND version = ?", arguments: [change.model, change.version])
            }
            try Self.link(change.model, seq, db)
        case EventType.aliasSet:
            let change = try payload(AliasChange.self)
            try db.execute(
                sql: "INSERT OR REPLACE INTO reg_aliases VALUES (?, ?, ?, ?)", arguments: [change.model, change.alias, change.version, seq])
            try Self.link(change.model, seq, db)
        case EventType.aliasRemoved:
            let change = try payload(AliasChange.self)
            try db.execute(sql: "DELETE FROM reg_aliases WHERE model = ? AND alias = ?", arguments: [change.model, change.alias])
            try Self.link(change.model, seq, db)
        case EventType.deployed:
            let deploy = try payload(Deployed.self)
            if deploy.traffic == 0 {
                try db.execute(
                    sql: "DELETE FROM reg_deployments WHERE model = ? AND environment = ? AND version = ?",
                    arguments: [deploy.model, deploy.environment, deploy.version])
            } else {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO reg_deployments VALUES (?, ?, ?, ?, ?)",
                    arguments: [deploy.model, deploy.environment, deploy.version, deploy.traffic, seq])
            }
            try Self.link(deploy.model, seq, db)
        case EventType.versionDeprecated, EventType.versionRetired:
            let change = try payload(VersionStatusChange.self)
            let status = entry.type == EventType.versionRetired ? "retired" : "deprecated"
            try db.execute(
                sql: "UPDATE reg_versions SET status = ? WHERE model = ? AND version = ?",
                arguments: [status, change.model, change.version])
            if status == "retired" {
                try db.execute(sql: "DELETE FROM reg_aliases WHERE model = ? AND version = ?", arguments: [change.model, change.version])
            }
            try Self.link(change.model, seq, db)
        case EventType.actionRefused:
            if let model = try payload(ActionRefused.self).model { try Self.link(model, seq, db) }
        default:
            if let model = Self.modelField(entry.payload) { try Self.link(model, seq, db) }
        }
    }

    /// The actor whose key signed an entry.
    static func actorName(signer: Digest, db: Database) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT actor FROM reg_actor_keys WHERE fingerprint = ?", arguments: [Data(signer.bytes)])
    }

    private static func link(_ model: String, _ seq: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO reg_model_entries VALUES (?, ?)", arguments: [model, seq])
    }

    /// Later event types (evaluations, approvals, decisions) carry a top-level `model` field.
    private static func modelField(_ payload: [UInt8]) -> String? {
        struct HasModel: Decodable { var model: String? }
        return (try? JSONDecoder().decode(HasModel.self, from: Data(payload)))?.model
    }
}

extension JSONEncoder {
    /// Key-sorted JSON, the form of every payload the registry writes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
