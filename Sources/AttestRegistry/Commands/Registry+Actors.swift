import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Adds a role to the catalogue (admin).
    public func defineRole(_ role: String, description: String, by signer: Signer) throws {
        try Self.validateName(role, what: "role")
        try perform("role.define", target: Target("role \(role)"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "define roles")
            guard try Self.roleExists(role, writer.db) == false else {
                throw RegistryError(.alreadyExists, "role '\(role)' exists already")
            }
            try Self.requireNotConfusable(role, what: "role", db: writer.db, sql: "SELECT role FROM reg_roles")
            try writer.append(
                try EntryDraft(type: EventType.roleDefined, encoding: RoleDefined(role: role, description: description)), signer: signer)
        }
    }

    /// Adds an actor with a key and roles (admin). Writes `ledger.key.added` and `actor.added`.
    /// - Throws: `RegistryError` (`.alreadyExists`, `.badInput`, `.notFound` for an unknown role, `.refused`).
    /// The name is NFC-normalised first; a name confusable with an existing actor's (UTS #39) and a
    /// public key already bound to any actor are refused.
    public func addActor(_ name: String, kind: String = "person", publicKey: VerifierKey, roles: [String], by signer: Signer) throws {
        let name = try Self.normalizeActorName(name)
        guard publicKey.name == name else {
            throw RegistryError(
                .badInput,
                "the public key is named '\(publicKey.name)' but the actor is '\(name)'; generate the key with 'attest key generate \(name)'"
            )
        }
        guard ["person", "service"].contains(kind) else { throw RegistryError(.badInput, "actor kind '\(kind)' must be person or service") }
        try perform("actor.add", target: Target("actor \(name)"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "add actors")
            guard try Int64.fetchOne(writer.db, sql: "SELECT 1 FROM reg_actors WHERE name = ?", arguments: [name]) == nil else {
                throw RegistryError(.alreadyExists, "actor '\(name)' exists already")
            }
            try Self.requireNotConfusable(name, what: "actor", db: writer.db, sql: "SELECT name FROM reg_actors")
            try Self.requireUnboundKey(publicKey, for: name, writer.db)
            for role in roles { try Self.requireRole(role, writer.db) }
            try writer.append(
                try EntryDraft(type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: name, key: publicKey.description)),
                signer: signer)
            try writer.append(
                try EntryDraft(
                    type: EventType.actorAdded,
                    encoding: ActorAdded(actor: name, kind: kind, roles: roles.sorted(), publicKey: publicKey.description)),
                signer: signer)
        }
    }

    /// Grants a role (admin).
    public func grantRole(_ role: String, to actor: String, by signer: Signer) throws {
        let actor = actor.precomposedStringWithCanonicalMapping
        try perform("actor.grant", target: Target("actor \(actor)"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "grant roles")
            try Self.requireActiveActor(actor, writer.db)
            try Self.requireRole(role, writer.db)
            guard try !Self.currentRoles(of: actor, db: writer.db).contains(role) else {
                throw RegistryError(.alreadyExists, "\(actor) holds the role \(role) already")
            }
            try writer.append(try EntryDraft(type: EventType.roleGranted, encoding: RoleChange(actor: actor, role: role)), signer: signer)
        }
    }

    /// Revokes a role (admin); the last admin cannot lose the admin role.
    public func revokeRole(_ role: String, from actor: String, by signer: Signer) throws {
        let actor = actor.precomposedStringWithCanonicalMapping
        try perform("actor.revoke", target: Target("actor \(actor)"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "revoke roles")
            guard try Self.currentRoles(of: actor, db: writer.db).contains(role) else {
                throw RegistryError(.notFound, "\(actor) does not hold the role \(role)")
            }
            if role == BuiltInRole.admin { try Self.requireAnotherAdmin(than: actor, writer.db) }
            try writer.append(try EntryDraft(type: EventType.roleRevoked, encoding: RoleChange(actor: actor, role: role)), signer: signer)
        }
    }

    /// Deactivates an actor (admin): revokes its keys and roles; the last admin cannot be deactivated.
    public func deactivateActor(_ actor: String, reason: String, by signer: Signer) throws {
        let actor = actor.precomposedStringWithCanonicalMapping
        try perform("actor.deactivate", target: Target("actor \(actor)"), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "deactivate actors")
            try Self.requireActiveActor(actor, writer.db)
            if try Self.currentRoles(of: actor, db: writer.db).contains(BuiltInRole.admin) {
                try Self.requireAnotherAdmin(than: actor, writer.db)
            }
            let keys = try String.fetchAll(
                writer.db, sql: "SELECT vkey FROM reg_actor_keys WHERE actor = ? AND valid_through IS NULL", arguments: [actor])
            try writer.append(
                try EntryDraft(type: EventType.actorDeactivated, encoding: ActorDeactivated(actor: actor, reason: reason)), signer: signer)
            for key in keys {
                try writer.append(
                    try EntryDraft(
                        type: LedgerEntryType.keyRevoked,
                        encoding: KeyRevokedPayload(principal: actor, key: key, reason: "actor deactivated: \(reason)")),
                    signer: signer)
            }
        }
    }

    /// Replaces the acting actor's key: signed by the old key, with the new key's proof of possession.
    public func rotateKey(from old: Signer, to new: Signer) throws {
        let proof = new.key.signature(for: KeyRotatedPayload.possessionMessage(old: old.verifierKey, new: new.verifierKey))
        try rotateKey(from: old, to: new.verifierKey, possession: proof)
    }

    /// Replaces the acting actor's key with `new`, whose holder signed the possession message
    /// (`attest serve`: the new key never leaves the client, which sends its proof).
    /// - Throws: `RegistryError` (`.badInput`) for a key of another name or a proof that does
    ///   not verify; `.refused` for a key bound to an actor already.
    public func rotateKey(from old: Signer, to new: VerifierKey, possession proof: [UInt8]) throws {
        guard old.name == new.name else {
            throw RegistryError(.badInput, "the new key is named '\(new.name)' but the actor is '\(old.name)'")
        }
        guard new.publicKey.isValidSignature(proof, for: KeyRotatedPayload.possessionMessage(old: old.verifierKey, new: new)) else {
            throw RegistryError(.badInput, "the new key's proof of possession does not verify with \(new)")
        }
        try perform("actor.rotate-key", target: Target("actor \(old.name)"), by: old) { writer, _ in
            try Self.requireUnboundKey(new, for: old.name, writer.db)
            try writer.append(
                try EntryDraft(
                    type: LedgerEntryType.keyRotated,
                    encoding: KeyRotatedPayload(
                        principal: old.name, oldKey: old.verifierKey.description, newKey: new.description,
                        newKeySignature: Data(proof).base64EncodedString())),
                signer: old)
        }
    }

    /// Refuses a public key (the Ed25519 key itself, whatever name it carries) that is or was
    /// bound to an actor already: one key, one identity.
    static func requireUnboundKey(_ key: VerifierKey, for actor: String, _ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT actor, vkey FROM reg_actor_keys") {
            guard let bound = try? VerifierKey(parsing: row["vkey"]), bound.publicKey == key.publicKey else { continue }
            let owner: String = row["actor"]
            throw RegistryError(
                .refused,
                "the public key \(key) is already bound to actor '\(TerminalText.escapeField(owner))' (as \(bound)); every actor needs a key of its own: generate one with 'attest key generate \(TerminalText.escapeField(actor))'"
            )
        }
    }

    static func roleExists(_ role: String, _ db: Database) throws -> Bool {
        try Int64.fetchOne(db, sql: "SELECT 1 FROM reg_roles WHERE role = ?", arguments: [role]) != nil
    }

    static func requireRole(_ role: String, _ db: Database) throws {
        guard try roleExists(role, db) else {
            let known = try String.fetchAll(db, sql: "SELECT role FROM reg_roles ORDER BY role")
            throw RegistryError(
                .notFound, "unknown role '\(role)'; roles are \(known.joined(separator: ", ")) (an admin adds more with 'attest role add')")
        }
    }

    static func requireActiveActor(_ actor: String, _ db: Database) throws {
        guard let active = try Int64.fetchOne(db, sql: "SELECT active FROM reg_actors WHERE name = ?", arguments: [actor]) else {
            throw RegistryError(.notFound, "unknown actor '\(actor)'; see 'attest actor list'")
        }
        guard active == 1 else { throw RegistryError(.refused, "actor '\(actor)' is deactivated") }
    }

    static func requireAnotherAdmin(than actor: String, _ db: Database) throws {
        let admins = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT g.actor FROM reg_role_grants g JOIN reg_actors a ON a.name = g.actor
                WHERE g.role = 'admin' AND g.revoked_seq IS NULL AND a.active = 1
                """)
        guard admins.contains(where: { $0 != actor }) else {
            throw RegistryError(.refused, "\(actor) is the last admin; grant admin to another actor first")
        }
    }
}
