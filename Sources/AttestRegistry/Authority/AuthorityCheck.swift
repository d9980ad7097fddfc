import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Checks, entry by entry, that each entry's signer held the authority its type requires at that
/// point of the log: the same rules the commands enforce before appending, applied again to
/// what is in the file. A validly signed entry written around the commands (a forged key
/// addition, a role grant by a non-admin, a stage change without an allowing decision, the
/// withdrawal of somebody else's review) is reported at its entry.
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
        try ProjectionCheck(ledger: registry.ledger).run(inspect: inspector).filter {
            $0.kind == .unauthorized || $0.kind == .malformedEntry
        }
    }

    /// The per-entry check, in the form ``ProjectionCheck`` runs.
    static func inspector(_ entry: Entry, _ db: Database) throws -> VerificationProblem? {
        try violation(entry, db).map { VerificationProblem(.unauthorized, at: entry.sequence, $0) }
    }

    /// Why `entry`'s signer may not write it, given the state before it; `nil` when it may.
    static func violation(_ entry: Entry, _ db: Database) throws -> String? {
        guard entry.sequence > 0 else { return nil }  // the genesis pins its own signer
        let actor = try RegistryProjector.actorName(signer: entry.signer, db: db)
        guard let actor else { return "signed by a key that belongs to no actor" }
        let roles = Set(try Registry.currentRoles(of: actor, db: db))
        func need(_ allowed: [String], _ what: String) -> String? {
            roles.isDisjoint(with: allowed)
                ? "\(actor) \(what) holding \(roles.isEmpty ? "no role" : roles.sorted().joined(separator: ", ")); that needs \(allowed.joined(separator: " or "))"
                : nil
        }
        func field<T: Decodable>(_ type: T.Type) -> T? { try? JSONDecoder().decode(type, from: Data(entry.payload)) }
        switch entry.type {
        case EventType.registryInitialized:
            return entry.sequence == 1
                ? need([BuiltInRole.admin], "initialised the registry")
                : "the role catalogue may only be written once, right after the genesis"
        case LedgerEntryType.keyAdded, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
            EventType.actorDeactivated:
            return need([BuiltInRole.admin], "changed actors, keys or roles")
        case LedgerEntryType.keyRevoked:
            if field(KeyRevokedPayload.self)?.principal == actor { return nil }
            return need([BuiltInRole.admin], "revoked another actor's key")
        case LedgerEntryType.keyRotated:
            return field(KeyRotatedPayload.self)?.principal == actor ? nil : "\(actor) rotated another actor's key"
        case EventType.modelCreated, EventType.versionRegistered:
            return need(Registry.modelAuthors, "created a model or registered a version")
        case EventType.aliasSet, EventType.aliasRemoved, EventType.versionDeprecated, EventType.versionRetired:
            return need([BuiltInRole.admin, BuiltInRole.riskOfficer], "changed aliases or retired a version")
        case EventType.deployed:
            return need([BuiltInRole.admin], "recorded a deployment")
        case EventType.evaluationRecorded, EventType.monitoringRecorded:
            return need(Registry.evaluators, "recorded an evaluation")
        case EventType.evidenceAttached:
            return need(Registry.evidenceAuthors, "attached evidence")
        case EventType.policyPublished:
            return need(Registry.policyPublishers, "published a policy set")
        case EventType.approvalGranted, EventType.approvalRejected:
            return need(Registry.reviewers, "reviewed a version")
        case EventType.approvalWithdrawn:
            guard let withdrawal = field(ReviewWithdrawn.self) else { return nil }
            for seq in withdrawal.withdraws {
                let reviewer = try String.fetchOne(db, sql: "SELECT actor FROM gov_reviews WHERE seq = ?", arguments: [Int64(seq)])
                if reviewer != actor { return "\(actor) withdrew review \(seq), which is \(reviewer ?? "nobody")'s" }
            }
            return nil
        case EventType.promotionDecided:
            if roles.subtracting([BuiltInRole.auditor]).isEmpty { return "\(actor) requested a promotion without a role that may" }
            if let requester = field(PromotionDecided.self)?.request.requester, requester != actor {
                return "the decision names \(requester) as the requester but \(actor) signed it"
            }
            return nil
        case EventType.stageChanged:
            return try stageChangeViolation(entry, db)
        default:
            return nil
        }
    }

    /// A stage change is the consequence of an allowing decision (for the version, or archiving
    /// the holder it replaces) or of a retirement written just before it.
    static func stageChangeViolation(_ entry: Entry, _ db: Database) throws -> String? {
        guard let change = try? JSONDecoder().decode(StageChanged.self, from: Data(entry.payload)) else { return nil }
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
            let decided = try? JSONDecoder().decode(PromotionDecided.self, from: row["payload"] as Data)
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
