import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Walks the recorded decisions of a log in order and gives each the facts and the policy set
/// in force as of its entry, carrying them forward from the previous decision instead of
/// rebuilding them from the tables each time.
///
/// What a decision's facts read (``FactsBuilder``) and which set is in force (``PolicyInForce``)
/// are functions of the rows written by entries before it. A `promotion.decided` entry writes
/// none of those rows (only `gov_decisions` and `reg_model_entries`, which neither reads), so
/// when every entry between two decisions about the same version and target stage is itself a
/// decision, the second decision's facts are the first's with its own request (requester, the
/// requester's roles at its entry, time, entry and override), and the set in force is the same.
/// Any other entry in between (a review, a withdrawal, an evaluation, a stage change, a role
/// change, a publication or its approval, a key revocation) makes the cursor rebuild from the
/// tables, exactly as a replay without the cursor does. `ReplayCursorTests` checks both paths
/// give the same facts for every decision of a busy ledger.
///
/// Not shared across threads; one cursor per read transaction.
final class ReplayCursor {
    /// Facts depend on these and on the entry; a request's own fields are filled in per decision.
    private struct Key: Hashable {
        let model: String
        let version: Int
        let target: String
        let engine: Int
    }

    /// The database the decisions are replayed on (a ledger or a scratch log).
    let db: Database
    /// Parsed policy sets, publication states, decoded evaluations: kept for the whole replay.
    let cache = FactsBuilder.Cache()
    /// Whether facts and the set in force are carried forward (the default); `false` rebuilds
    /// them for every decision, which the tests compare against.
    let carriesForward: Bool
    /// Whether witnessed time (engine 3) is recomputed from the stored checkpoints and
    /// cosignatures (a ledger), or taken from the decision's record (an evidence bundle's
    /// scratch log, which holds none).
    let recomputesWitnessedTime: Bool
    /// How many decisions were given carried facts (the tests check the cursor was used).
    private(set) var carried = 0

    private var facts: [Key: (asOf: Int64, built: FactsBuilder.Built)] = [:]
    private var inForce: [Int: (asOf: Int64, publication: (seq: Int64, hash: String)?)] = [:]
    /// Entries below this have been scanned for `lastChange`.
    private var scannedTo: Int64 = 0
    /// The latest entry below `scannedTo` that is not a decision (-1: none).
    private var lastChange: Int64 = -1

    /// A cursor over `db`.
    init(db: Database, carriesForward: Bool = true, recomputesWitnessedTime: Bool = true) {
        self.db = db
        self.carriesForward = carriesForward
        self.recomputesWitnessedTime = recomputesWitnessedTime
    }

    /// Whether nothing but decisions was written from entry `since` (a decision replayed
    /// before) up to entry `seq`, so that what was true at `since` is still true at `seq`.
    /// Decisions are replayed in log order, so the entries are scanned once, in ranges.
    private func onlyDecisions(since: Int64, upTo seq: Int64) throws -> Bool {
        guard carriesForward, since < seq, seq >= scannedTo else { return false }
        if seq > scannedTo {
            let latest = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(seq) FROM entries WHERE seq >= ? AND seq < ? AND type <> ?"),
                arguments: [scannedTo, seq, EventType.promotionDecided])
            if let latest { lastChange = latest }
            scannedTo = seq
        }
        return lastChange < since
    }

    /// The publication in force before entry `seq` under `semantics` (see ``PolicyInForce``).
    func publication(before seq: Int64, semantics: EngineSemantics) throws -> (seq: Int64, hash: String)? {
        if let known = inForce[semantics.version], try onlyDecisions(since: known.asOf, upTo: seq) {
            inForce[semantics.version] = (seq, known.publication)
            return known.publication
        }
        let publication = try PolicyInForce(db: db, cache: cache).publication(before: seq, semantics: semantics)
        inForce[semantics.version] = (seq, publication)
        return publication
    }

    /// The facts of the decision in entry `asOf` (see ``FactsBuilder/build(model:version:target:requester:time:override:semantics:clock:)``).
    /// Facts measured on a witnessed `clock` are built afresh: their times depend on stored
    /// checkpoints, which are not entries.
    /// - Throws: `RegistryError` when the facts cannot be built from the log.
    func facts(
        model: String, version: Int, target: AttestPolicy.Stage, requester: String, time: Date, override: OverrideRequest?,
        semantics: EngineSemantics, asOf: Int64, clock: WitnessedClock? = nil
    ) throws -> FactsBuilder.Built {
        if clock != nil {
            return try FactsBuilder(db: db, asOf: asOf, cache: cache).build(
                model: model, version: version, target: target, requester: requester, time: time, override: override,
                semantics: semantics, clock: clock)
        }
        let key = Key(model: model, version: version, target: target.rawValue, engine: semantics.version)
        if let known = facts[key], try onlyDecisions(since: known.asOf, upTo: asOf) {
            var built = known.built
            built.facts.request = try FactsBuilder.request(
                requester: requester, target: target, time: time, override: override, asOf: asOf, db)
            facts[key] = (asOf, built)
            carried += 1
            return built
        }
        let built = try FactsBuilder(db: db, asOf: asOf, cache: cache).build(
            model: model, version: version, target: target, requester: requester, time: time, override: override,
            semantics: semantics)
        if carriesForward { facts[key] = (asOf, built) }
        return built
    }
}
