import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// The engine that decides promotions, named in every decision record.
public enum PromotionEngine {
    /// Recorded as `engine` in `promotion.decided`: the name of ``EngineSemantics/current``.
    /// A change of the engine's semantics adds a version there; replay evaluates every recorded
    /// decision with the semantics of the engine it names.
    public static let version = EngineSemantics.current.name
}

/// What `promote` did.
public struct PromotionOutcome: Sendable {
    /// The `promotion.decided` entry.
    public var entry: UInt64
    /// The recorded payload, including the engine's decision.
    public var record: PromotionDecided
    /// The `model.stage.changed` entries written (the promotion, then any predecessor archived).
    public var stageChanges: [UInt64]
    /// Versions moved to `archived` because this one took their stage.
    public var archived: [Int]

    /// Makes an outcome (a client of `attest serve` rebuilds one from the signed entries).
    public init(entry: UInt64, record: PromotionDecided, stageChanges: [UInt64], archived: [Int]) {
        self.entry = entry
        self.record = record
        self.stageChanges = stageChanges
        self.archived = archived
    }

    /// The engine's decision.
    public var decision: Decision { record.decision }
    /// Whether the stage changed (`allow` or `allow_with_override`).
    public var allowed: Bool { record.decision.result != .deny }
    /// Why the verdict is what it is (the decision's reasons; empty for a plain allow).
    public var reasons: [String] { record.decision.reasons }
}

/// A decision computed without recording anything (`policy explain`).
public struct PromotionExplanation: Sendable {
    /// The policy set used: the published one in force, or `nil` for a local set.
    public var policySet: PolicySetReference?
    /// The facts the engine read.
    public var facts: PromotionFacts
    /// The entries the facts came from.
    public var inputs: [UInt64]
    /// The decision the engine would make now.
    public var decision: Decision
    /// Where its times come from.
    public var timeBasis: TimeBasis
}

extension Registry {
    /// Stages that hold one version of a model at a time: promoting a version there archives the
    /// previous holder, in the same transaction.
    public static let singleHolderStages: [Stage] = [.production]

    /// Decides a promotion under the published policy set and records the decision; when allowed,
    /// also records the stage change and archives the stage's previous holder (production).
    ///
    /// The facts are read inside the write transaction that appends the decision, so no other
    /// writer can slip an entry between the facts and the decision. A denied promotion is
    /// recorded too and returned (not thrown): check ``PromotionOutcome/allowed``.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - stage: the target stage.
    ///   - override: break-glass: rule ids and a justification (the engine judges them).
    ///   - time: the decision entry's time (default: the later of the clock and the last entry);
    ///     rounded up to a whole second so that the recorded time replays exactly. It is the
    ///     engine's "now" unless a witness list is recorded: then "now" and every entry's time
    ///     are witnessed times (``TimeBasis``); sign a checkpoint and have it cosigned first
    ///     (`attest promote` does) so that "now" is fresh.
    ///   - signer: the requester; any active actor holding a role other than `auditor`.
    /// - Returns: the decision entry and what it changed.
    /// - Throws: `RegistryError`: `.refused` (recorded as `action.refused`) without a published
    ///   policy set, for a retired version, a version already in the stage, or a requester
    ///   without a role; `.notFound` for an unknown model or version; `.badInput` for an empty
    ///   override list.
    @discardableResult
    public func promote(
        _ model: String, version: Int, to stage: Stage, override: OverrideRequest? = nil, at time: Date? = nil, by signer: Signer
    ) throws -> PromotionOutcome {
        if let override, override.rules.isEmpty {
            throw RegistryError(.badInput, "an override names at least one rule id (--override RULE_ID)")
        }
        // A justification without visible text (zero-width or format characters only) is no justification.
        let override = override.map {
            TerminalText.hasVisibleText($0.justification) ? $0 : OverrideRequest(rules: $0.rules, justification: "")
        }
        let cache = FactsBuilder.Cache()
        return try perform(
            "model.promote", target: Target("\(model) v\(version) to \(stage.rawValue)", model: model, version: version), by: signer
        ) {
            writer, acting in
            // Decide only on projection rows that equal the signed entries they came from.
            try ProjectionGuard(ledger: ledger, db: writer.db).checkModel(model, version: version, forDecision: true)
            guard acting.roles.contains(where: { $0 != BuiltInRole.auditor }) else {
                throw RegistryError(.refused, "\(acting.name) may not request promotions: that needs a role other than auditor")
            }
            let current = try Self.requireLiveVersion(model, version, writer.db)
            guard current != stage else { throw RegistryError(.refused, "\(model) v\(version) is in \(stage.rawValue) already") }
            let seq = Int64(writer.size)
            let published = try Self.requirePolicySetInForce(before: seq, writer.db, cache)
            let set = try cache.policySet(seq: published.seq, writer.db)
            // The decision's time is its entry's time, exactly: whole seconds (so that its ISO 8601
            // text parses back to the same instant), never before the last entry.
            let now = Self.decisionTime(time ?? max(ledger.currentTime(), FactsBuilder.date(writer.lastTimeMicros)))
            // With a witness list recorded, the engine measures time on witnessed time (engine 3).
            let clock = try WitnessedClock.load(before: seq, writerTime: now, cutoff: nil, writer.db, cache)
            var built = try FactsBuilder(db: writer.db, asOf: seq, cache: cache).build(
                model: model, version: version, target: AttestPolicy.Stage(rawValue: stage.rawValue), requester: acting.name,
                time: now, override: override, clock: clock)
            try FactsBuilder.addEnvironment(to: &built, set: set, writer.db)
            let decision = PolicyEngine.evaluate(set: set, facts: built.facts, semantics: .current)
            let record = PromotionDecided(
                model: model, version: version, to: stage.rawValue, result: decision.result.rawValue,
                request: PromotionRequestRecord(
                    requester: acting.name, requesterRoles: built.facts.request.requesterRoles, fromStage: current.rawValue,
                    toStage: stage.rawValue, overrideRules: override?.rules, justification: override?.justification),
                policySet: PolicySetReference(hash: published.hash, entry: UInt64(published.seq)),
                time: ISOTime.seconds(now), engine: PromotionEngine.version, factsDigest: try Self.factsDigest(built.facts),
                inputs: built.inputs, overridden: decision.outcomes.filter { $0.status == .overridden }.map(\.ruleID),
                decision: decision, timeBasis: clock?.basis(inputs: built.inputs) ?? .writer)
            let entry = try writer.append(
                try EntryDraft(type: EventType.promotionDecided, encoding: record), signer: signer,
                timeMicros: Int64(now.timeIntervalSince1970) * 1_000_000)
            var outcome = PromotionOutcome(entry: entry.sequence, record: record, stageChanges: [], archived: [])
            guard decision.result != .deny else { return outcome }
            let reason =
                decision.result == .allow
                ? "promoted by decision \(entry.sequence)"
                : "promoted by decision \(entry.sequence) with override of \(record.overridden.joined(separator: ", "))"
            let change = StageChanged(model: model, version: version, from: current, to: stage, reason: reason, decision: entry.sequence)
            outcome.stageChanges.append(
                try writer.append(try EntryDraft(type: EventType.stageChanged, encoding: change), signer: signer).sequence)
            if Self.singleHolderStages.contains(stage) {
                let holders = try Int.fetchAll(
                    writer.db, sql: "SELECT version FROM reg_versions WHERE model = ? AND stage = ? AND version != ? ORDER BY version",
                    arguments: [model, stage.rawValue, version])
                for holder in holders {
                    let archive = StageChanged(
                        model: model, version: holder, from: stage, to: .archived,
                        reason: "replaced in \(stage.rawValue) by v\(version) (decision \(entry.sequence))", decision: entry.sequence)
                    outcome.stageChanges.append(
                        try writer.append(try EntryDraft(type: EventType.stageChanged, encoding: archive), signer: signer).sequence)
                    outcome.archived.append(holder)
                }
            }
            return outcome
        }
    }

    /// Computes the decision a promotion would get now, recording nothing.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - stage: the target stage.
    ///   - requester: who would ask (their roles now count); `nil` for nobody in particular.
    ///   - override: a break-glass request to try.
    ///   - policies: a local set to try instead of the published one (a what-if for policy authors).
    ///   - time: "now" (default: the clock, rounded up to a whole second).
    /// - Returns: the facts and the decision.
    /// - Throws: `RegistryError` (`.notFound`; `.refused` when no set is published and none is given).
    public func explain(
        _ model: String, version: Int, to stage: Stage, requester: String?, override: OverrideRequest? = nil, policies: PolicySet? = nil,
        at time: Date? = nil
    ) throws -> PromotionExplanation {
        try ledger.read { db in
            try Self.requireModel(model, db)
            try ProjectionGuard(ledger: ledger, db: db).checkModel(model, version: version, forDecision: true)
            guard try Self.versionRow(model, version, db) != nil else {
                throw RegistryError(.notFound, "\(model) has no version \(version)")
            }
            let seq = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0
            let cache = FactsBuilder.Cache()
            var reference: PolicySetReference?
            let set: PolicySet
            if let policies {
                set = policies
            } else {
                let published = try Self.requirePolicySetInForce(before: seq, db, cache)
                reference = PolicySetReference(hash: published.hash, entry: UInt64(published.seq))
                set = try cache.policySet(seq: published.seq, db)
            }
            let now = try Self.decisionTime(time ?? max(ledger.currentTime(), Self.lastEntryTime(db)))
            let clock = try WitnessedClock.load(before: seq, writerTime: now, cutoff: nil, db, cache)
            var built = try FactsBuilder(db: db, asOf: seq, cache: cache).build(
                model: model, version: version, target: AttestPolicy.Stage(rawValue: stage.rawValue), requester: requester ?? "(nobody)",
                time: now, override: override, clock: clock)
            try FactsBuilder.addEnvironment(to: &built, set: set, db)
            return PromotionExplanation(
                policySet: reference, facts: built.facts, inputs: built.inputs,
                decision: PolicyEngine.evaluate(set: set, facts: built.facts, semantics: .current),
                timeBasis: clock?.basis(inputs: built.inputs) ?? .writer)
        }
    }

    /// Every recorded decision about a version (or a model), oldest first.
    public func decisions(_ model: String, version: Int? = nil) throws -> [DecisionSummary] {
        try ledger.read { db in
            try Self.requireModel(model, db)
            var sql = "SELECT * FROM gov_decisions WHERE model = ?"
            var arguments: [any DatabaseValueConvertible] = [model]
            if let version {
                sql += " AND version = ?"
                arguments.append(version)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY seq", arguments: StatementArguments(arguments)).map {
                let overridden: String = $0["overridden"]
                return DecisionSummary(
                    entry: UInt64($0["seq"] as Int64), model: $0["model"], version: $0["version"], from: $0["from_stage"],
                    to: $0["to_stage"],
                    requester: $0["requester"], result: $0["result"], policySetHash: $0["set_hash"],
                    policySetEntry: UInt64($0["policy_seq"] as Int64), time: $0["time"],
                    overridden: overridden.isEmpty ? [] : overridden.split(separator: ",").map(String.init))
            }
        }
    }

    // MARK: Internals

    /// A decision time: whole seconds, rounded up, so that its ISO 8601 text parses back exactly.
    static func decisionTime(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up))
    }

    /// The publication in force before `seq` for a decision made now, or a refusal that says
    /// why none is (nothing published, or a publication still awaiting its quorum).
    static func requirePolicySetInForce(
        before seq: Int64, _ db: Database, _ cache: FactsBuilder.Cache
    ) throws -> (seq: Int64, hash: String) {
        let inForce = PolicyInForce(db: db, cache: cache)
        if let published = try inForce.publication(before: seq, semantics: .current) { return published }
        guard let latest = try policySetRow(before: seq, db) else {
            throw RegistryError(
                .refused,
                "no policy set has been published, so no promotion can be decided; a policy-admin publishes one with 'attest policy publish'"
            )
        }
        let pending = try inForce.publication(at: latest.seq)
        throw RegistryError(
            .refused,
            "no policy set is in force: the publication in entry \(latest.seq) has \(pending.approvers.count) of the "
                + "\(pending.quorum) people it needs; a policy-admin or risk-officer other than \(pending.publisher) approves it "
                + "with 'attest policy approve'")
    }

    static func lastEntryTime(_ db: Database) throws -> Date {
        FactsBuilder.date(try Int64.fetchOne(db, sql: "SELECT time_us FROM entries ORDER BY seq DESC LIMIT 1") ?? 0)
    }

    /// `sha256:<hex>` of the facts' canonical JSON (keys sorted, ISO 8601 times).
    static func factsDigest(_ facts: PromotionFacts) throws -> String {
        SHA256.hash(try JSONEncoder.sorted.encode(facts)).description
    }
}

/// One line of a version's decision history.
public struct DecisionSummary: Codable, Sendable, Equatable {
    /// The `promotion.decided` entry.
    public var entry: UInt64
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The stage it was in.
    public var from: String
    /// The stage requested.
    public var to: String
    /// Who asked.
    public var requester: String
    /// `allow`, `deny` or `allow_with_override`.
    public var result: String
    /// The policy set's hash.
    public var policySetHash: String
    /// The policy set's publication entry.
    public var policySetEntry: UInt64
    /// The time used.
    public var time: String
    /// Rules overridden.
    public var overridden: [String]
}
