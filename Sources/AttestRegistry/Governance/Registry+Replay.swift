import AttestLedger
import AttestPolicy
import Foundation
import GRDB

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
        try ledger.read { db in
            let cache = FactsBuilder.Cache()
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries WHERE type = ?", arguments: [EventType.promotionDecided]) ?? 0
            var report = ReplayReport(decisions: 0, mismatches: [])
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT seq, payload FROM entries WHERE type = ? ORDER BY seq", arguments: [EventType.promotionDecided])
            while let row = try cursor.next() {
                let seq: Int64 = row["seq"]
                if let mismatch = try Self.replay(seq: seq, payload: row["payload"], db: db, cache: cache) {
                    report.mismatches.append(mismatch)
                }
                report.decisions += 1
                if report.decisions % 100 == 0 { progress?(report.decisions, total) }
            }
            progress?(report.decisions, total)
            return report
        }
    }

    /// Replays one decision; `nil` when it comes out the same.
    static func replay(seq: Int64, payload: Data, db: Database, cache: FactsBuilder.Cache) throws -> ReplayMismatch? {
        let recorded: PromotionDecided
        do { recorded = try JSONDecoder().decode(PromotionDecided.self, from: payload) } catch {
            return ReplayMismatch(entry: UInt64(seq), model: nil, version: nil, detail: "the decision record does not decode")
        }
        func mismatch(_ detail: String) -> ReplayMismatch {
            ReplayMismatch(entry: UInt64(seq), model: recorded.model, version: recorded.version, detail: detail)
        }
        guard let published = try policySetRow(before: seq, db) else {
            return mismatch(
                "no policy set was in force at this entry, but the decision cites \(recorded.policySet.hash) (entry \(recorded.policySet.entry))"
            )
        }
        guard UInt64(published.seq) == recorded.policySet.entry, published.hash == recorded.policySet.hash else {
            return mismatch(
                "the decision cites policy set \(recorded.policySet.hash) (entry \(recorded.policySet.entry)) but the set in force was \(published.hash) (entry \(published.seq))"
            )
        }
        guard let time = parseISOSeconds(recorded.time) else { return mismatch("the recorded time '\(recorded.time)' is not ISO 8601") }
        let set: PolicySet
        let built: FactsBuilder.Built
        do {
            set = try cache.policySet(seq: published.seq, db)
            let override = recorded.request.overrideRules.map {
                OverrideRequest(rules: $0, justification: recorded.request.justification ?? "")
            }
            built = try FactsBuilder(db: db, asOf: seq, cache: cache).build(
                model: recorded.model, version: recorded.version, target: AttestPolicy.Stage(rawValue: recorded.request.toStage),
                requester: recorded.request.requester, time: time, override: override)
        } catch let error as RegistryError {
            return mismatch("the facts cannot be rebuilt: \(error.message)")
        }
        let replayed = PolicyEngine.evaluate(set: set, facts: built.facts)
        // Compare bytes: the recorded payload with the same record carrying the replayed decision.
        // (Decoding the recorded decision and re-encoding it is not used: its times went through
        // text once more, and millisecond text does not always round-trip through a Double.)
        // The requester is whoever signed the decision entry, and its time is the entry's time:
        // neither is taken from the record on trust.
        if let row = try Row.fetchOne(db, sql: "SELECT signer, time_us FROM entries WHERE seq = ?", arguments: [seq]) {
            let signer = Digest([UInt8](row["signer"] as Data)) ?? .zero
            let actor = try RegistryProjector.actorName(signer: signer, db: db)
            if actor != recorded.request.requester {
                return mismatch(
                    "the record names \(recorded.request.requester) as the requester but the entry is signed by \(actor ?? "an unknown key")"
                )
            }
            let entryTime = Double(row["time_us"] as Int64) / 1_000_000
            if abs(time.timeIntervalSince1970 - entryTime) > 2 {
                return mismatch(
                    "the recorded decision time \(recorded.time) is not the time of its entry (\(ISOTime.string(micros: row["time_us"])))")
            }
        }
        // Rebuild the whole record from the replay, not just the engine's decision.
        var expected = recorded
        expected.decision = replayed
        expected.result = replayed.result.rawValue
        expected.request.requesterRoles = built.facts.request.requesterRoles
        expected.request.fromStage = built.facts.version.stage.rawValue
        expected.factsDigest = try factsDigest(built.facts)
        expected.inputs = built.inputs
        expected.overridden = replayed.outcomes.filter { $0.status == .overridden }.map(\.ruleID)
        if try EntryDraft(type: EventType.promotionDecided, encoding: expected).payload == [UInt8](payload) {
            return nil
        }
        var detail = difference(recorded: recorded.decision, replayed: replayed)
        if try factsDigest(built.facts) != recorded.factsDigest {
            detail +=
                "; the facts rebuilt from the log differ from those recorded (digest \(try factsDigest(built.facts)), recorded \(recorded.factsDigest))"
        }
        return mismatch(detail)
    }

    /// The first difference between two decisions, in words.
    static func difference(recorded: Decision, replayed: Decision) -> String {
        if recorded.result != replayed.result {
            return "recorded \(recorded.result.rawValue), replay gives \(replayed.result.rawValue)"
                + (replayed.reasons.first.map { " (\($0))" } ?? "")
        }
        for (old, new) in zip(recorded.outcomes, replayed.outcomes) where old != new {
            if old.ruleID != new.ruleID { return "rule '\(old.ruleID)' recorded where replay evaluates '\(new.ruleID)'" }
            if old.status != new.status {
                return "rule '\(old.ruleID)': recorded \(old.status.rawValue), replay gives \(new.status.rawValue) (\(new.message))"
            }
            return "rule '\(old.ruleID)': recorded \"\(old.message)\", replay gives \"\(new.message)\""
        }
        if recorded.outcomes.count != replayed.outcomes.count {
            return "recorded \(recorded.outcomes.count) rule outcomes, replay gives \(replayed.outcomes.count)"
        }
        return "the recorded decision differs from the replay (policies, overrides, reasons or citations)"
    }
}
