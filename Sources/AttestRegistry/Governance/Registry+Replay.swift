import AttestLedger
import AttestPolicy
import Dispatch
import Foundation
import GRDB
import Synchronization

/// A recorded decision that does not come out the same when replayed.
public struct ReplayMismatch: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The `promotion.decided` entry.
    public var entry: UInt64
    /// The model, when the payload decodes.
    public var model: String?
    /// The version, when the payload decodes.
    public var version: Int?
    /// What differs.
    public var detail: String

    /// A description for people.
    public var description: String {
        "entry \(entry)\(model.map { " (\($0)\(version.map { " v\($0)" } ?? ""))" } ?? ""): \(detail)"
    }
}

/// The result of re-deriving every recorded decision.
public struct ReplayReport: Codable, Sendable, Equatable {
    /// Decisions re-evaluated.
    public var decisions: Int
    /// Those that did not come out the same.
    public var mismatches: [ReplayMismatch]

    /// Whether every decision replayed identically.
    public var isValid: Bool { mismatches.isEmpty }
}

extension Registry {
    /// Re-evaluates every `promotion.decided` entry from the ledger as it stood at that entry:
    /// the policy set in force then (which must be the one recorded), facts built only from the
    /// entries before it, and the recorded request and time. A decision replays when the
    /// recomputed decision's canonical JSON equals the recorded one's.
    /// - Parameter progress: called every 100 decisions with (done, total).
    /// - Returns: the count and every mismatch, naming the decision entry and the first difference.
    /// - Throws: `LedgerError` for a storage failure.
    public func replayDecisions(progress: ((Int, Int) -> Void)? = nil) throws -> ReplayReport {
        try replayDecisions(carryingFacts: true, progress: progress)
    }

    /// ``replayDecisions(progress:)`` with the choice of carrying each version's facts forward
    /// between its decisions (``ReplayCursor``, what `verify --replay` does) or rebuilding them
    /// from the tables at every decision: the benchmark measures one against the other.
    @_spi(Benchmarks)
    public func replayDecisions(carryingFacts: Bool, progress: ((Int, Int) -> Void)? = nil) throws -> ReplayReport {
        try ledger.read { db in
            let replay = ReplayCursor(db: db, carriesForward: carryingFacts)
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE type = ?", arguments: [EventType.promotionDecided]) ?? 0
            var report = ReplayReport(decisions: 0, mismatches: [])
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, signer, time_us, payload FROM entries WHERE type = ? ORDER BY seq",
                arguments: [EventType.promotionDecided])
            // The records are decoded ahead, a batch at a time, on every core (decoding them is
            // most of a replay's work); each is then replayed in log order.
            var batch: [RecordedDecision] = []
            func replayBatch() throws {
                for entry in RecordedDecision.decodedAhead(batch) {
                    if let mismatch = try Self.replay(entry, cursor: replay) { report.mismatches.append(mismatch) }
                    report.decisions += 1
                    if report.decisions % 100 == 0 { progress?(report.decisions, total) }
                }
                batch.removeAll(keepingCapacity: true)
            }
            while let row = try rows.next() {
                batch.append(RecordedDecision(seq: row["seq"], signer: row["signer"], timeMicros: row["time_us"], payload: row["payload"]))
                if batch.count == 256 { try replayBatch() }
            }
            try replayBatch()
            progress?(report.decisions, total)
            return report
        }
    }

    /// Replays one decision; `nil` when it comes out the same.
    ///
    /// The replay contract (docs/governance.md, "The replay contract"): the decision is
    /// re-evaluated with the semantics of the engine it names, and what is compared is what
    /// decided (``DecisionEssence``), the requester, the requester's roles, the source stage, the
    /// overridden rules and the policy set in force; not message text, not the facts' digest.
    static func replay(_ entry: RecordedDecision, cursor: ReplayCursor) throws -> ReplayMismatch? {
        let (seq, db) = (entry.seq, cursor.db)
        guard
            let recorded = entry.decoded ?? (entry.isDecoded ? nil : try? PromotionDecided.decode(entry.payload))
        else {
            return ReplayMismatch(entry: UInt64(seq), model: nil, version: nil, detail: "the decision record does not decode")
        }
        func mismatch(_ detail: String) -> ReplayMismatch {
            ReplayMismatch(entry: UInt64(seq), model: recorded.model, version: recorded.version, detail: detail)
        }
        guard let semantics = EngineSemantics(name: recorded.engine) else {
            return mismatch(
                "decided by engine '\(recorded.engine)', which this build does not know (it replays "
                    + EngineSemantics.known.map(\.name).joined(separator: ", ") + ")")
        }
        if let problem = recordConsistency(recorded) { return mismatch(problem) }
        guard let time = ISOTime.parseSeconds(recorded.time) else {
            return mismatch("the recorded time '\(recorded.time)' is not ISO 8601")
        }
        if let problem = try signerAndTime(of: entry, recorded: recorded, time: time, semantics: semantics, db) { return mismatch(problem) }
        let inForce = try cursor.publication(before: seq, semantics: semantics)
        guard let published = inForce else {
            return mismatch(
                "no policy set was in force at this entry, but the decision cites \(recorded.policySet.hash) (entry \(recorded.policySet.entry))"
            )
        }
        guard UInt64(published.seq) == recorded.policySet.entry, published.hash == recorded.policySet.hash else {
            return mismatch(
                "the decision cites policy set \(recorded.policySet.hash) (entry \(recorded.policySet.entry)) but the set in force was \(published.hash) (entry \(published.seq))"
            )
        }
        let set: PolicySet
        var built: FactsBuilder.Built
        do {
            set = try cursor.cache.policySet(seq: published.seq, db)
            let override = recorded.request.overrideRules.map {
                OverrideRequest(rules: $0, justification: recorded.request.justification ?? "")
            }
            let clock: WitnessedClock?
            switch try timeBasis(of: recorded, seq: seq, time: time, semantics: semantics, cursor: cursor) {
            case .failure(let problem): return mismatch(problem.message)
            case .success(let found): clock = found
            }
            built = try cursor.facts(
                model: recorded.model, version: recorded.version, target: AttestPolicy.Stage(rawValue: recorded.request.toStage),
                requester: recorded.request.requester, time: time, override: override, semantics: semantics, asOf: seq, clock: clock)
            try FactsBuilder.addEnvironment(to: &built, set: set, db)
            if let clock, cursor.recomputesWitnessedTime, clock.basis(inputs: built.inputs) != recorded.timeBasis {
                return mismatch(
                    "the decision's time basis is \(Self.describe(recorded.timeBasis)), but the stored checkpoints and cosignatures give \(Self.describe(clock.basis(inputs: built.inputs)))"
                )
            }
        } catch let error as RegistryError {
            return mismatch("the facts cannot be rebuilt: \(error.message)")
        }
        let replayed = PolicyEngine.evaluate(set: set, facts: built.facts, semantics: semantics)
        // Equal decisions have equal essences; only a decision whose words differ (or a real
        // difference) needs the essences built and compared.
        if recorded.decision != replayed,
            let difference = DecisionEssence(recorded.decision).firstDifference(from: DecisionEssence(replayed))
        {
            var detail = difference
            if try factsDigest(built.facts) != recorded.factsDigest {
                detail +=
                    "; the facts rebuilt from the log differ from those recorded (digest \(try factsDigest(built.facts)), recorded \(recorded.factsDigest))"
            }
            return mismatch(detail)
        }
        if recorded.request.requesterRoles != built.facts.request.requesterRoles {
            return mismatch(
                "the record gives the requester the roles \(recorded.request.requesterRoles) but the log gives \(built.facts.request.requesterRoles)"
            )
        }
        if recorded.request.fromStage != built.facts.version.stage.rawValue {
            return mismatch(
                "the record says the version was in \(recorded.request.fromStage) but the log says \(built.facts.version.stage)")
        }
        let overridden = replayed.outcomes.filter { $0.status == .overridden }.map(\.ruleID)
        if recorded.overridden != overridden {
            return mismatch("the record lists overridden rules \(recorded.overridden) but the replay overrides \(overridden)")
        }
        return nil
    }

    /// The record's summary fields agree with the engine's decision it carries.
    static func recordConsistency(_ recorded: PromotionDecided) -> String? {
        let decision = recorded.decision
        if recorded.result != decision.result.rawValue {
            return "the record's result \(recorded.result) is not its decision's \(decision.result.rawValue)"
        }
        if recorded.model != decision.model || recorded.version != decision.version {
            return
                "the record is about \(recorded.model) v\(recorded.version) but its decision about \(decision.model) v\(decision.version)"
        }
        if recorded.to != recorded.request.toStage || recorded.to != decision.toStage.rawValue {
            return "the record's target stage \(recorded.to) is not its request's or decision's"
        }
        if recorded.request.requester != decision.requester {
            return "the record names \(recorded.request.requester) as the requester but its decision names \(decision.requester)"
        }
        // The engine's "now" is the entry's time, or the witnessed "now" of its time basis.
        let now = recorded.timeBasis?.kind == .witnessed ? recorded.timeBasis?.now ?? "" : recorded.time
        if now != ISOTime.seconds(decision.time) {
            return "the record's time \(now) is not its decision's (\(ISOTime.seconds(decision.time)))"
        }
        return nil
    }

    /// The requester is whoever signed the decision entry, and the decision's time is its entry's:
    /// exactly from engine 2 on; within 2 seconds for engine 1, which rounded the time it used.
    static func signerAndTime(
        of entry: RecordedDecision, recorded: PromotionDecided, time: Date, semantics: EngineSemantics, _ db: Database
    ) throws -> String? {
        let signer = Digest([UInt8](entry.signer)) ?? .zero
        let actor = try RegistryProjector.actorName(signer: signer, db: db)
        if actor != recorded.request.requester {
            return "the record names \(recorded.request.requester) as the requester but the entry is signed by \(actor ?? "an unknown key")"
        }
        let entryMicros = entry.timeMicros
        let recordedMicros = Int64(time.timeIntervalSince1970) * 1_000_000
        let exact = semantics >= .v2
        if exact ? recordedMicros != entryMicros : abs(recordedMicros - entryMicros) > 2_000_000 {
            return "the recorded decision time \(recorded.time) is not the time of its entry (\(ISOTime.string(micros: entryMicros)))"
        }
        return nil
    }
}

/// A `promotion.decided` entry as replay reads it: the fields it checks.
struct RecordedDecision {
    /// The entry's sequence number.
    var seq: Int64
    /// The signer's key fingerprint.
    var signer: Data
    /// The entry's time.
    var timeMicros: Int64
    /// The decision record.
    var payload: Data
    /// The record, decoded ahead (`nil` when it does not decode, or was not decoded).
    var decoded: PromotionDecided?
    /// Whether `decoded` holds the result of decoding `payload`.
    var isDecoded = false

    /// `entries` with their records decoded, spread over every core.
    static func decodedAhead(_ entries: [RecordedDecision]) -> [RecordedDecision] {
        let results = Mutex<[Int: PromotionDecided]>([:])
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, entries.count))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local: [Int: PromotionDecided] = [:]
            for index in (entries.count * chunk / chunks)..<(entries.count * (chunk + 1) / chunks) {
                local[index] = try? PromotionDecided.decode(entries[index].payload)
            }
            results.withLock { $0.merge(local) { first, _ in first } }
        }
        let decoded = results.withLock { $0 }
        return entries.enumerated().map { index, entry in
            var entry = entry
            entry.decoded = decoded[index]
            entry.isDecoded = true
            return entry
        }
    }
}
