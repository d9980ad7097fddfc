import AttestLedger
import Foundation
import GRDB

/// The model registry on a ledger: every fact is a signed entry, every query reads projections
/// of the log that `rebuild` recreates and `verify` compares with a replay.
public final class Registry: Sendable {
    /// The ledger underneath.
    public let ledger: Ledger

    /// The projections the registry maintains.
    public static var projectors: [any LedgerProjector] { [RegistryProjector(), EvaluationProjector(), GovernanceProjector()] }

    init(ledger: Ledger) { self.ledger = ledger }

    /// Creates a ledger with its genesis and the registry's role catalogue.
    /// - Parameters:
    ///   - path: the new ledger file.
    ///   - origin: the log's origin.
    ///   - logKey: the checkpoint key, named after the origin.
    ///   - admin: the first admin, who signs the genesis and the catalogue.
    ///   - clock: the time source.
    /// - Throws: `LedgerError` as `Ledger.create`.
    public static func create(
        at path: String, origin: String, logKey: VerifierKey, admin: Signer, clock: @escaping @Sendable () -> Date = Date.init
    ) throws -> Registry {
        let ledger = try Ledger.create(at: path, origin: origin, logKey: logKey, admin: admin, clock: clock, projectors: projectors)
        let catalogue = RegistryInitialized(roles: BuiltInRole.all.map { RoleDefined(role: $0.name, description: $0.description) })
        try ledger.append(try EntryDraft(type: EventType.registryInitialized, encoding: catalogue), signer: admin)
        return Registry(ledger: ledger)
    }

    /// Opens the registry of an existing ledger.
    /// - Throws: `LedgerError` as `Ledger.open`.
    public static func open(at path: String, readOnly: Bool = false, clock: @escaping @Sendable () -> Date = Date.init) throws -> Registry {
        Registry(ledger: try Ledger.open(at: path, readOnly: readOnly, clock: clock, projectors: projectors))
    }

    // MARK: Acting

    /// Who is acting, with the roles they hold now.
    public struct Acting: Sendable {
        /// The actor's name.
        public let name: String
        /// The roles held at the time of the action.
        public let roles: Set<String>

        /// Refuses unless the actor holds one of `roles`.
        /// - Throws: `RegistryError` (`.refused`).
        public func require(anyOf roles: [String], to action: String) throws {
            guard !self.roles.isDisjoint(with: roles) else {
                throw RegistryError(
                    .refused,
                    "\(name) may not \(action): that needs the role \(roles.joined(separator: " or ")), and \(name) holds \(self.roles.isEmpty ? "no roles" : self.roles.sorted().joined(separator: ", "))"
                )
            }
        }
    }

    /// What a refused action concerned, for its `action.refused` entry.
    public struct Target: Sendable {
        /// A short description, e.g. `credit-scoring v2`.
        public var description: String
        /// The model, when there is one.
        public var model: String?
        /// The version, when there is one.
        public var version: Int?

        /// Makes a target.
        public init(_ description: String, model: String? = nil, version: Int? = nil) {
            self.description = description
            self.model = model
            self.version = version
        }
    }

    /// Runs a command in one write transaction as `signer`. When the command is refused for a
    /// known, active actor, the refusal is recorded in its own entry and the error rethrown;
    /// when that entry cannot be written, a `LedgerError` (`.storage`) saying so is thrown instead.
    /// - Parameters:
    ///   - action: the command's name, e.g. `model.register`.
    ///   - target: what it concerns.
    ///   - signer: the acting key.
    ///   - body: reads state and appends entries.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws; a storage `LedgerError` when a refusal cannot be recorded.
    public func perform<T>(
        _ action: String, target: Target, by signer: Signer, _ body: (inout LedgerWriter, Acting) throws -> T
    ) throws -> T {
        do {
            return try ledger.write { writer in
                let acting = try Self.acting(signer: signer, db: writer.db)
                return try body(&writer, acting)
            }
        } catch let error as RegistryError where error.code == .refused {
            try recordRefusal(error, action: action, target: target, by: signer)
            throw error
        }
    }

    /// Appends the `action.refused` entry of a refusal by a known, active actor (an unknown or
    /// inactive key records nothing: it may sign nothing). A refusal that cannot be recorded is
    /// not dropped: the command fails as a storage failure (exit 3) that says so.
    /// - Throws: `LedgerError` (`.storage`) when the entry cannot be written.
    func recordRefusal(_ refusal: RegistryError, action: String, target: Target, by signer: Signer) throws {
        do {
            try ledger.write { writer in
                guard (try? Self.acting(signer: signer, db: writer.db)) != nil else { return }
                let entry = ActionRefused(
                    action: action, target: target.description, reason: refusal.message, model: target.model, version: target.version)
                try writer.append(try EntryDraft(type: EventType.actionRefused, encoding: entry), signer: signer)
            }
        } catch {
            let cause = (error as? LedgerError)?.message ?? "\(error)"
            throw LedgerError(
                .storage,
                "\(action) was refused (\(refusal.message)), and the refusal could not be recorded in the ledger: \(cause); nothing was written, fix the ledger's storage and retry"
            )
        }
    }

    /// The acting identity behind a key.
    static func acting(signer: Signer, db: Database) throws -> Acting {
        let fingerprint = Data(signer.verifierKey.fingerprint.bytes)
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT k.actor, k.valid_through, a.active FROM reg_actor_keys k JOIN reg_actors a ON a.name = k.actor
                    WHERE k.fingerprint = ?
                    """, arguments: [fingerprint])
        else {
            throw RegistryError(
                .notFound, "key \(signer.verifierKey) belongs to no actor of this ledger; an admin adds actors with 'attest actor add'")
        }
        let name: String = row["actor"]
        guard row["valid_through"] as Int64? == nil else {
            throw RegistryError(.refused, "key \(signer.verifierKey) of \(name) was rotated or revoked and signs nothing now")
        }
        guard row["active"] as Int64 == 1 else {
            throw RegistryError(.refused, "actor \(name) is deactivated")
        }
        return Acting(name: name, roles: Set(try currentRoles(of: name, db: db)))
    }

    static func currentRoles(of actor: String, db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT role FROM reg_role_grants WHERE actor = ? AND revoked_seq IS NULL ORDER BY role"),
            arguments: [actor])
    }

    /// The roles `actor` held when entry `sequence` was written.
    public func roles(of actor: String, at sequence: UInt64) throws -> [String] {
        try ledger.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT role FROM reg_role_grants WHERE actor = ? AND granted_seq < ?
                    AND (revoked_seq IS NULL OR revoked_seq >= ?) ORDER BY role
                    """, arguments: [actor, Int64(sequence), Int64(sequence)])
        }
    }

    /// Checks a name used as an identifier (model, alias, environment, role).
    static func validateName(_ name: String, what: String) throws {
        let valid =
            !name.isEmpty && name.count <= 128
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0)
            }
        guard valid else {
            throw RegistryError(.badInput, "\(what) '\(name)' must be 1-128 characters of letters, digits, '.', '_' and '-'")
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCII: Bool { value < 0x80 }
}
