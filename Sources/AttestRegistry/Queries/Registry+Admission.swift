import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Whether a version may serve in an environment, as `attest deploy` would judge it, with the
/// entries that decided it (docs/admission.md).
public struct AdmissionVerdict: Sendable, Equatable {
    /// One entry that decided the verdict, and why it is listed.
    public struct Deciding: Sendable, Equatable {
        /// `policy` (the publication in force), `policy-approval` (an approval that made its
        /// quorum), `registration`, `stage` (the stage change that put the version in its stage)
        /// or `decision` (the allowing promotion decision the stage change cites).
        public var role: String
        /// The entry.
        public var entry: UInt64
    }

    /// The model asked about.
    public var model: String
    /// The version asked about.
    public var version: Int
    /// The environment asked about.
    public var environment: String
    /// Whether the version may serve there.
    public var allowed: Bool
    /// The version's stage, when the version exists.
    public var stage: String?
    /// The stage the environment requires and the glob that declared it, when one matched.
    public var required: (stage: String, pattern: String)?
    /// Why it is denied (empty when allowed).
    public var reasons: [String]
    /// The entries that decided, in log order.
    public var deciding: [Deciding]
    /// The size of the log the verdict was read at: every deciding entry is below it.
    public var size: UInt64

    /// Equal when every field is (the tuple field compared by its parts).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.model == rhs.model && lhs.version == rhs.version && lhs.environment == rhs.environment && lhs.allowed == rhs.allowed
            && lhs.stage == rhs.stage && lhs.required?.stage == rhs.required?.stage && lhs.required?.pattern == rhs.required?.pattern
            && lhs.reasons == rhs.reasons && lhs.deciding == rhs.deciding && lhs.size == rhs.size
    }
}

extension Registry {
    /// Whether `model` v`version` may serve in `environment` now, by the rules `attest deploy`
    /// enforces (``ServingGate``): the policy set in force declares the environment, the version
    /// is live and in the stage the environment requires, and (beyond the first stage) an
    /// allowing promotion decision put it there. A set that predates the gates (declares no
    /// environments) admits nothing here: an admission answer fails closed.
    ///
    /// Everything is read in one snapshot; the rows used are first checked against their signed
    /// entries (``ProjectionGuard``), and the stage change and decision are read from the entries.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`) when a projection disagrees with the log;
    ///   `RegistryError` when the published policy set no longer loads.
    public func admission(model: String, version: Int, environment: String) throws -> AdmissionVerdict {
        try ledger.read { db in
            let size = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0)
            var verdict = AdmissionVerdict(
                model: model, version: version, environment: environment, allowed: false, stage: nil, required: nil, reasons: [],
                deciding: [], size: size)
            func deny(_ reason: String) -> AdmissionVerdict {
                verdict.reasons.append(reason)
                verdict.deciding.sort { $0.entry < $1.entry }
                return verdict
            }
            let policy = try ServingGate.Settings().inForce(before: Int64(size), db)
            if let policy {
                verdict.deciding.append(.init(role: "policy", entry: UInt64(policy.entry)))
                verdict.deciding += try Self.quorumApprovals(of: policy.entry, db).map { .init(role: "policy-approval", entry: $0) }
            }
            guard let policy else {
                return deny(
                    ServingGate.deploymentViolation(
                        model: model, version: version, stage: .development, environment: environment, traffic: 100, policy: nil)!)
            }
            guard let settings = policy.settings else {
                return deny(
                    "the policy set in force (entry \(policy.entry)) declares no environments, so no deployment can be admitted (fail closed)"
                )
            }
            guard let rule = settings.environmentRule(for: environment) else {
                let declared = settings.environments.map { "\($0.pattern) (\($0.stage.rawValue))" }.joined(separator: ", ")
                return deny(
                    "environment '\(environment)' matches no environment declared by the policy set in force (entry \(policy.entry)); declared: \(declared.isEmpty ? "none" : declared)"
                )
            }
            verdict.required = (rule.stage.rawValue, rule.pattern)
            guard try Int64.fetchOne(db, sql: "SELECT 1 FROM reg_models WHERE name = ?", arguments: [model]) != nil else {
                return deny("unknown model '\(model)'")
            }
            try ProjectionGuard(ledger: ledger, db: db).checkModel(model, version: version)
            guard let row = try Self.versionRow(model, version, db) else { return deny("\(model) has no version \(version)") }
            let stage = try Stage(parsing: row["stage"])
            let stageSeq = UInt64(row["stage_seq"] as Int64)
            verdict.stage = stage.rawValue
            verdict.deciding.append(
                .init(role: stageSeq == UInt64(row["registered_seq"] as Int64) ? "registration" : "stage", entry: stageSeq))
            guard row["status"] as String != "retired", stage != .archived else {
                return deny("\(model) v\(version) is \(row["status"] as String == "retired" ? "retired" : "archived") and cannot serve")
            }
            if let why = ServingGate.deploymentViolation(
                model: model, version: version, stage: stage, environment: environment, traffic: 100, policy: policy)
            {
                return deny(why)
            }
            if stage != .development {
                let decision = try Self.allowingDecision(stageEntry: stageSeq, model: model, version: version, stage: stage, db)
                guard let decision else {
                    return deny(
                        "\(model) v\(version) is in \(stage.rawValue), but the stage change (entry \(stageSeq)) cites no allowing promotion decision for \(stage.rawValue)"
                    )
                }
                verdict.deciding.append(.init(role: "decision", entry: decision))
            }
            verdict.allowed = true
            verdict.deciding.sort { $0.entry < $1.entry }
            return verdict
        }
    }

    /// The approvals that made publication `seq`'s quorum (the publication itself excluded).
    static func quorumApprovals(of seq: Int64, _ db: Database) throws -> [UInt64] {
        let state = try PolicyInForce(db: db, cache: FactsBuilder.Cache()).publication(at: seq)
        guard let effective = state.effectiveSeq else { return [] }
        return state.approvers.filter { $0.seq != seq && $0.seq <= effective }.map { UInt64($0.seq) }
    }

    /// The allowing `promotion.decided` entry that the stage change in `stageEntry` cites, read
    /// from the signed entries; `nil` when it cites none or one that does not allow this move.
    static func allowingDecision(stageEntry: UInt64, model: String, version: Int, stage: Stage, _ db: Database) throws -> UInt64? {
        guard let change = try payload(StageChanged.self, at: stageEntry, type: EventType.stageChanged, db),
            change.model == model, change.version == version, change.to == stage, let decision = change.decision, decision < stageEntry,
            let decided = try payload(DecisionHead.self, at: decision, type: EventType.promotionDecided, db),
            decided.model == model, decided.version == version, decided.to == stage.rawValue, decided.result != "deny"
        else { return nil }
        return decision
    }

    /// The fields of a `promotion.decided` payload the admission reads (every engine writes them).
    struct DecisionHead: Decodable {
        var model: String
        var version: Int
        var to: String
        var result: String
    }

    private static func payload<T: Decodable>(_ kind: T.Type, at seq: UInt64, type: String, _ db: Database) throws -> T? {
        guard let row = try Row.fetchOne(db, sql: "SELECT type, payload FROM entries WHERE seq = ?", arguments: [Int64(seq)]),
            row["type"] as String == type
        else { return nil }
        return try? JSONDecoder().decode(kind, from: row["payload"] as Data)
    }
}
