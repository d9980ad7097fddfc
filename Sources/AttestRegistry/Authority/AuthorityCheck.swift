import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Checks, entry by entry, that each entry's signer held the authority its type requires at that
/// point of the log: the same rules the commands enforce before appending, applied again to
/// what is in the file. A validly signed entry written around the commands (a forged key
/// addition, a role grant by a non-admin, a stage change without an allowing decision, the
/// withdrawal of somebody else's review, a deployment or protected alias that the policy set in
/// force at that entry does not allow) is reported at its entry.
///
/// It runs on the projection check's replay of the log (``ProjectionCheck``): before each entry
/// is applied, the rules are checked against the state it left. ``Registry/verifyDatabase(progress:)``
/// runs it together with the schema and projection comparison; ``problems(in:)`` alone.
public struct AuthorityCheck {
    /// Checks every entry.
    /// - Returns: one problem per entry whose signer lacked the authority, in log order (and the
    ///   entry the projections cannot apply, if any, which stops the check).
    /// - Throws: `LedgerError` for a storage failure.
    public static func problems(in registry: Registry) throws -> [VerificationProblem] {
        try ProjectionCheck(ledger: registry.ledger).run(inspect: inspector()).filter {
            $0.kind == .unauthorized || $0.kind == .malformedEntry
        }
    }

    /// The per-entry check, in the form ``ProjectionCheck`` runs; it keeps the parsed policy sets
    /// the serving gates read between entries.
    static func inspector() -> ProjectionCheck.Inspector {
        let gates = ServingGate.Settings()
        let signers = SignerRoles()
        return { entry, db in
            defer { signers.entryApplied(entry.type) }
            return try violation(entry, db, gates: gates, signers: signers).map {
                VerificationProblem(.unauthorized, at: entry.sequence, $0)
            }
        }
    }

    /// Why `entry`'s signer may not write it, given the state before it; `nil` when it may.
    static func violation(_ entry: Entry, _ db: Database, gates: ServingGate.Settings, signers: SignerRoles) throws -> String? {
        guard entry.sequence > 0 else { return nil }  // the genesis pins its own signer
        guard let signer = try signers.actorAndRoles(entry.signer, db) else { return "signed by a key that belongs to no actor" }
        let (actor, roles) = signer
        func need(_ allowed: [String], _ what: String) -> String? {
            roles.isDisjoint(with: allowed)
                ? "\(actor) \(what) holding \(roles.isEmpty ? "no role" : roles.sorted().joined(separator: ", ")); that needs \(allowed.joined(separator: " or "))"
                : nil
        }
        func field<T: Decodable>(_ type: T.Type) -> T? { try? JSONDecoder().decode(type, from: Data(entry.payload)) }
        // Fails closed: a payload the rule must read but cannot decode is itself a violation.
        let undecodable = "the \(entry.type) payload cannot be decoded, so the signer's authority cannot be checked"
        switch entry.type {
        case EventType.registryInitialized:
            return entry.sequence == 1
                ? need([BuiltInRole.admin], "initialised the registry")
                : "the role catalogue may only be written once, right after the genesis"
        case LedgerEntryType.keyAdded, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
            EventType.actorDeactivated:
            return need([BuiltInRole.admin], "changed actors, keys or roles")
        case LedgerEntryType.keyRevoked:
            guard let revoked = field(KeyRevokedPayload.self) else { return undecodable }
            if revoked.principal == actor { return nil }
            return need([BuiltInRole.admin], "revoked another actor's key")
        case LedgerEntryType.keyRotated:
            guard let rotated = field(KeyRotatedPayload.self) else { return undecodable }
            return rotated.principal == actor ? nil : "\(actor) rotated another actor's key"
        case EventType.witnessesSet:
            return need([BuiltInRole.admin], "changed the witness list")
        case EventType.modelCreated, EventType.versionRegistered:
            return need(Registry.modelAuthors, "created a model or registered a version")
        case EventType.aliasSet:
            return try need([BuiltInRole.admin, BuiltInRole.riskOfficer], "changed aliases or retired a version")
                ?? aliasViolation(entry, db, gates: gates)
        case EventType.aliasRemoved, EventType.versionDeprecated, EventType.versionRetired, EventType.mlflowAliasReverted:
            return need([BuiltInRole.admin, BuiltInRole.riskOfficer], "changed aliases or retired a version")
        case EventType.deployed:
            return try need([BuiltInRole.admin], "recorded a deployment") ?? deploymentViolation(entry, db, gates: gates)
        case EventType.evaluationRecorded, EventType.monitoringRecorded:
            return need(Registry.evaluators, "recorded an evaluation")
        case EventType.evidenceAttached:
            return need(Registry.evidenceAuthors, "attached evidence")
        case EventType.policyPublished:
            return need(Registry.policyPublishers, "published a policy set")
        case EventType.policyApproved:
            guard let approval = field(PolicyApproved.self) else { return "the policy approval does not decode" }
            return try PolicyInForce(db: db, cache: FactsBuilder.Cache()).approvalProblem(
                actor: actor, roles: roles.sorted(), target: approval.publication, hash: approval.setHash, before: Int64(entry.sequence))
        case EventType.approvalGranted, EventType.approvalRejected:
            return need(Registry.reviewers, "reviewed a version")
        case EventType.approvalWithdrawn:
            guard let withdrawal = field(ReviewWithdrawn.self) else { return undecodable }
            for seq in withdrawal.withdraws {
                let reviewer = try String.fetchOne(db, sql: "SELECT actor FROM gov_reviews WHERE seq = ?", arguments: [Int64(seq)])
                if reviewer != actor { return "\(actor) withdrew review \(seq), which is \(reviewer ?? "nobody")'s" }
            }
            return nil
        case EventType.promotionDecided:
            if roles.subtracting([BuiltInRole.auditor]).isEmpty { return "\(actor) requested a promotion without a role that may" }
            guard let requester = (try? PromotionDecided.decode(Data(entry.payload)))?.request.requester else { return undecodable }
            if requester != actor { return "the decision names \(requester) as the requester but \(actor) signed it" }
            return nil
        case EventType.stageChanged:
            return try stageChangeViolation(entry, db)
        case EventType.modelScoped:
            guard let scoped = field(ModelScoped.self) else { return undecodable }
            return try Registry.scopingProblem(actor: actor, roles: roles, model: scoped.model, db)
        case EventType.attestationSigned:
            return try Registry.attestationViolation(entry, actor: actor, db: db)
        default:
            return nil
        }
    }

    /// A deployment must satisfy the serving gates of the policy set in force at its entry.
    static func deploymentViolation(_ entry: Entry, _ db: Database, gates: ServingGate.Settings) throws -> String? {
        guard let deployed = try? Deployed.decode(Data(entry.payload)) else {
            return "the deployment's payload does not decode"
        }
        guard deployed.traffic != 0 else { return nil }
        guard let stage = try versionStage(deployed.model, deployed.version, db) else {
            return "the deployment names \(deployed.model) v\(deployed.version), which is not registered"
        }
        return try withPolicy(entry, db, gates) { policy in
            ServingGate.deploymentViolation(
                model: deployed.model, version: deployed.version, stage: stage, environment: deployed.environment,
                traffic: deployed.traffic, policy: policy)
        }
    }

    /// A protected alias must point at a version in production under the policy set in force.
    static func aliasViolation(_ entry: Entry, _ db: Database, gates: ServingGate.Settings) throws -> String? {
        guard let change = try? JSONDecoder().decode(AliasChange.self, from: Data(entry.payload)), let version = change.version else {
            return "the alias change's payload does not decode to a model, an alias and a version"
        }
        guard let stage = try versionStage(change.model, version, db) else {
            return "the alias points at \(change.model) v\(version), which is not registered"
        }
        return try withPolicy(entry, db, gates) { policy in
            ServingGate.aliasViolation(alias: change.alias, model: change.model, version: version, stage: stage, policy: policy)
        }
    }

    /// Runs a gate with the settings in force before `entry`; a set that no longer loads is a violation.
    static func withPolicy(
        _ entry: Entry, _ db: Database, _ gates: ServingGate.Settings, _ gate: (ServingGate.Policy?) -> String?
    ) throws -> String? {
        do {
            return gate(try gates.inForce(before: Int64(entry.sequence), db))
        } catch let error as RegistryError {
            return "the policy set in force cannot be loaded to check this entry: \(error.message)"
        }
    }

    /// A version's stage in the replayed projections, before the entry being checked.
    static func versionStage(_ model: String, _ version: Int, _ db: Database) throws -> Stage? {
        guard
            let text = try String.fetchOne(
                db, sql: "SELECT stage FROM reg_versions WHERE model = ? AND version = ?", arguments: [model, version])
        else { return nil }
        return Stage(rawValue: text)
    }

    /// A stage change is the consequence of an allowing decision (for the version, or archiving
    /// the holder it replaces) or of a retirement written just before it.
    static func stageChangeViolation(_ entry: Entry, _ db: Database) throws -> String? {
        guard let change = try? JSONDecoder().decode(StageChanged.self, from: Data(entry.payload)) else {
            return "the \(entry.type) payload cannot be decoded, so the signer's authority cannot be checked"
        }
        guard let decisionSeq = change.decision else {
            let previous = try Row.fetchOne(
                db, sql: "SELECT type, payload FROM entries WHERE seq = ?", arguments: [Int64(entry.sequence) - 1])
            if let previous, previous["type"] as String == EventType.versionRetired, change.to == .archived,
                let retired = try? JSONDecoder().decode(VersionStatusChange.self, from: previous["payload"] as Data),
                retired.model == change.model, retired.version == change.version
            {
                return nil
            }
            return "\(change.model) v\(change.version) moved to \(change.to.rawValue) without a promotion decision or a retirement"
        }
        guard decisionSeq < entry.sequence,
            let row = try Row.fetchOne(db, sql: "SELECT type, payload FROM entries WHERE seq = ?", arguments: [Int64(decisionSeq)]),
            row["type"] as String == EventType.promotionDecided,
            let decided = try? PromotionDecided.decode(row["payload"] as Data)
        else {
            return "the stage change cites entry \(decisionSeq), which is not a promotion decision"
        }
        guard decided.decision.result != .deny, decided.model == change.model else {
            return "the stage change cites decision \(decisionSeq), which did not allow it"
        }
        if decided.version == change.version {
            return decided.to == change.to.rawValue ? nil : "decision \(decisionSeq) allowed \(decided.to), not \(change.to.rawValue)"
        }
        return change.to == .archived ? nil : "decision \(decisionSeq) was about v\(decided.version), not v\(change.version)"
    }
}
