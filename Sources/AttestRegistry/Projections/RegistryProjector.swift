import AttestLedger
import AttestPolicy
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
        try apply(Change(entry: entry, db: db, prepared: nil))
    }

    /// Applies one entry whose payload ``prepare(_:)`` decoded ahead.
    public func apply(_ entry: Entry, prepared: (any Sendable)?, _ db: Database) throws {
        try apply(Change(entry: entry, db: db, prepared: prepared))
    }

    /// Decodes the payload of the entry types a replay meets by the million (registrations,
    /// deployments, stage changes, and the model field of every other event), so that a replay
    /// can do it on another thread.
    public func prepare(_ entry: Entry) -> (any Sendable)? {
        func decoded<T: Decodable & Sendable>(_ type: T.Type) -> any Sendable {
            do { return try JSONDecoder().decode(type, from: Data(entry.payload)) } catch {
                return Undecodable(type: ObjectIdentifier(type))
            }
        }
        func read<T: ReadableEvent & Sendable>(_ type: T.Type) -> any Sendable {
            do { return try T.decode(Data(entry.payload)) } catch { return Undecodable(type: ObjectIdentifier(type)) }
        }
        switch entry.type {
        case EventType.versionRegistered: return read(VersionRegistered.self)
        case EventType.deployed: return read(Deployed.self)
        case EventType.stageChanged: return decoded(StageChanged.self)
        case LedgerEntryType.genesis, LedgerEntryType.keyAdded, LedgerEntryType.keyRotated, LedgerEntryType.keyRevoked,
            EventType.registryInitialized, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
            EventType.actorDeactivated, EventType.modelCreated, EventType.versionDeprecated, EventType.versionRetired,
            EventType.aliasSet, EventType.aliasRemoved, EventType.actionRefused:
            return nil
        default: return ModelField(model: Self.modelField(entry.payload))
        }
    }

    /// A payload that ``prepare(_:)`` could not decode as `type`: `apply` reports it as it
    /// would have on decoding it there.
    struct Undecodable: Sendable {
        let type: ObjectIdentifier
    }

    /// The top-level `model` field of a later event type, prepared.
    struct ModelField: Sendable {
        let model: String?
    }

    private func apply(_ change: Change) throws {
        let entry = change.entry
        switch entry.type {
        case LedgerEntryType.genesis, LedgerEntryType.keyAdded, LedgerEntryType.keyRotated, LedgerEntryType.keyRevoked:
            try applyKey(change)
        case EventType.registryInitialized, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
            EventType.actorDeactivated:
            try applyActor(change)
        case EventType.modelCreated, EventType.versionRegistered, EventType.versionDeprecated, EventType.versionRetired:
            try applyModel(change)
        case EventType.stageChanged, EventType.aliasSet, EventType.aliasRemoved, EventType.deployed:
            try applyLifecycle(change)
        case EventType.actionRefused:
            if let model = try change.payload(ActionRefused.self).model { try change.link(model) }
        default:
            let model = (change.prepared as? ModelField)?.model ?? Self.modelField(entry.payload)
            if let model { try change.link(model) }
        }
    }

    /// One entry being applied: its payload, its sequence number and the statements it runs.
    struct Change {
        let entry: Entry
        let db: Database
        /// What ``RegistryProjector/prepare(_:)`` decoded, if anything.
        let prepared: (any Sendable)?

        var seq: Int64 { Int64(entry.sequence) }

        func payload<T: Decodable>(_ type: T.Type) throws -> T {
            if let value = prepared as? T { return value }
            let failed = (prepared as? Undecodable)?.type == ObjectIdentifier(type)
            do {
                guard !failed else { throw RegistryError(.badInput, "prepared") }
                return try JSONDecoder().decode(type, from: Data(entry.payload))
            } catch {
                throw RegistryError(.badInput, "entry \(entry.sequence) (\(entry.type)): payload does not match its type")
            }
        }

        /// Runs one statement through the connection's statement cache (a replay runs the same
        /// few statements a million times).
        func run(_ sql: String, _ arguments: StatementArguments) throws {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        }

        /// The actor whose key signed the entry.
        func actor() throws -> String { try RegistryProjector.actorName(signer: entry.signer, db: db) ?? "unknown" }

        func link(_ model: String) throws { try run("INSERT OR IGNORE INTO reg_model_entries VALUES (?, ?)", [model, seq]) }
    }

    /// The genesis and the ledger's key entries: actors' keys, the first admin.
    private func applyKey(_ change: Change) throws {
        let seq = change.seq
        switch change.entry.type {
        case LedgerEntryType.genesis:
            let admin = try VerifierKey(parsing: try change.payload(GenesisPayload.self).admin)
            try change.run(
                "INSERT INTO reg_roles VALUES (?, ?, ?)", [BuiltInRole.admin, "manages actors, roles and the lifecycle", seq])
            try change.run("INSERT INTO reg_actors VALUES (?, 'person', ?, 1, NULL)", [admin.name, seq])
            try change.run(
                "INSERT INTO reg_actor_keys VALUES (?, ?, ?, 0, NULL)", [Data(admin.fingerprint.bytes), admin.name, admin.description])
            try change.run("INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", [admin.name, BuiltInRole.admin, seq])
        case LedgerEntryType.keyAdded:
            let added = try change.payload(KeyAddedPayload.self)
            let key = try VerifierKey(parsing: added.key)
            try change.run(
                "INSERT INTO reg_actor_keys VALUES (?, ?, ?, ?, NULL)",
                [Data(key.fingerprint.bytes), added.principal, key.description, seq + 1])
        case LedgerEntryType.keyRotated:
            let rotated = try change.payload(KeyRotatedPayload.self)
            let old = try VerifierKey(parsing: rotated.oldKey)
            let new = try VerifierKey(parsing: rotated.newKey)
            try change.run("UPDATE reg_actor_keys SET valid_through = ? WHERE fingerprint = ?", [seq, Data(old.fingerprint.bytes)])
            try change.run(
                "INSERT INTO reg_actor_keys VALUES (?, ?, ?, ?, NULL)",
                [Data(new.fingerprint.bytes), rotated.principal, new.description, seq + 1])
        default:  // LedgerEntryType.keyRevoked
            let key = try VerifierKey(parsing: try change.payload(KeyRevokedPayload.self).key)
            try change.run("UPDATE reg_actor_keys SET valid_through = ? WHERE fingerprint = ?", [seq, Data(key.fingerprint.bytes)])
        }
    }

    /// The role catalogue, actors and their role grants.
    private func applyActor(_ change: Change) throws {
        let seq = change.seq
        switch change.entry.type {
        case EventType.registryInitialized:
            for role in try change.payload(RegistryInitialized.self).roles {
                try change.run("INSERT OR IGNORE INTO reg_roles VALUES (?, ?, ?)", [role.role, role.description, seq])
            }
        case EventType.roleDefined:
            let role = try change.payload(RoleDefined.self)
            try change.run("INSERT INTO reg_roles VALUES (?, ?, ?)", [role.role, role.description, seq])
        case EventType.actorAdded:
            let added = try change.payload(ActorAdded.self)
            try change.run("INSERT INTO reg_actors VALUES (?, ?, ?, 1, NULL)", [added.actor, added.kind, seq])
            for role in added.roles {
                try change.run("INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", [added.actor, role, seq])
            }
        case EventType.roleGranted:
            let grant = try change.payload(RoleChange.self)
            try change.run("INSERT INTO reg_role_grants VALUES (?, ?, ?, NULL)", [grant.actor, grant.role, seq])
        case EventType.roleRevoked:
            let revoke = try change.payload(RoleChange.self)
            try change.run(
                "UPDATE reg_role_grants SET revoked_seq = ? WHERE actor = ? AND role = ? AND revoked_seq IS NULL",
                [seq, revoke.actor, revoke.role])
        default:  // EventType.actorDeactivated
            let deactivated = try change.payload(ActorDeactivated.self)
            try change.run("UPDATE reg_actors SET active = 0, deactivated_seq = ? WHERE name = ?", [seq, deactivated.actor])
            try change.run(
                "UPDATE reg_role_grants SET revoked_seq = ? WHERE actor = ? AND revoked_seq IS NULL", [seq, deactivated.actor])
        }
    }

    /// Models, versions with their files, and a version's status.
    private func applyModel(_ change: Change) throws {
        let (seq, time) = (change.seq, change.entry.timeMicros)
        switch change.entry.type {
        case EventType.modelCreated:
            let model = try change.payload(ModelCreated.self)
            let tags = String(decoding: try JSONEncoder.sorted.encode(model.tags), as: UTF8.self)
            try change.run(
                "INSERT INTO reg_models VALUES (?, ?, ?, ?, ?, ?, ?)",
                [model.model, model.owner, model.purpose, model.riskTier.rawValue, tags, seq, time])
            try change.link(model.model)
        case EventType.versionRegistered:
            let version = try change.payload(VersionRegistered.self)
            try change.run(
                "INSERT INTO reg_versions VALUES (?, ?, ?, ?, ?, ?, 'development', ?, ?, 'active', ?, ?, ?)",
                [
                    version.model, version.version, seq, time, try change.actor(), version.parent, seq, time,
                    version.code?.repository, version.code?.commit, version.code?.dirty.map { $0 ? 1 : 0 },
                ])
            for file in version.artifacts {
                try change.run(
                    "INSERT INTO reg_files VALUES (?, ?, 'artifact', NULL, ?, ?, ?)",
                    [version.model, version.version, file.name, file.digest, file.size])
            }
            for file in version.datasets {
                try change.run(
                    "INSERT INTO reg_files VALUES (?, ?, 'dataset', ?, ?, ?, ?)",
                    [version.model, version.version, file.role, file.name, file.digest, file.size])
            }
            try change.link(version.model)
        default:  // EventType.versionDeprecated, EventType.versionRetired
            let status = try change.payload(VersionStatusChange.self)
            let retired = change.entry.type == EventType.versionRetired
            try change.run(
                "UPDATE reg_versions SET status = ? WHERE model = ? AND version = ?",
                [retired ? "retired" : "deprecated", status.model, status.version])
            if retired {
                try change.run("DELETE FROM reg_aliases WHERE model = ? AND version = ?", [status.model, status.version])
            }
            try change.link(status.model)
        }
    }

    /// Stage changes with their history, aliases and deployments.
    private func applyLifecycle(_ change: Change) throws {
        let seq = change.seq
        switch change.entry.type {
        case EventType.stageChanged:
            let stage = try change.payload(StageChanged.self)
            try change.run(
                "UPDATE reg_versions SET stage = ?, stage_seq = ?, stage_us = ? WHERE model = ? AND version = ?",
                [stage.to.rawValue, seq, change.entry.timeMicros, stage.model, stage.version])
            try change.run(
                "INSERT INTO reg_stage_history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    seq, stage.model, stage.version, stage.from.rawValue, stage.to.rawValue, change.entry.timeMicros, try change.actor(),
                    stage.reason,
                ])
            if stage.to == .archived {
                try change.run("DELETE FROM reg_deployments WHERE model = ? AND version = ?", [stage.model, stage.version])
            }
            try change.link(stage.model)
        case EventType.aliasSet:
            let alias = try change.payload(AliasChange.self)
            try change.run("INSERT OR REPLACE INTO reg_aliases VALUES (?, ?, ?, ?)", [alias.model, alias.alias, alias.version, seq])
            try change.link(alias.model)
        case EventType.aliasRemoved:
            let alias = try change.payload(AliasChange.self)
            try change.run("DELETE FROM reg_aliases WHERE model = ? AND alias = ?", [alias.model, alias.alias])
            try change.link(alias.model)
        default:  // EventType.deployed
            let deploy = try change.payload(Deployed.self)
            if deploy.traffic == 0 {
                try change.run(
                    "DELETE FROM reg_deployments WHERE model = ? AND environment = ? AND version = ?",
                    [deploy.model, deploy.environment, deploy.version])
            } else {
                try change.run(
                    "INSERT OR REPLACE INTO reg_deployments VALUES (?, ?, ?, ?, ?)",
                    [deploy.model, deploy.environment, deploy.version, deploy.traffic, seq])
            }
            try change.link(deploy.model)
        }
    }

    /// The actor whose key signed an entry.
    static func actorName(signer: Digest, db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT actor FROM reg_actor_keys WHERE fingerprint = ?"), arguments: [Data(signer.bytes)])
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
