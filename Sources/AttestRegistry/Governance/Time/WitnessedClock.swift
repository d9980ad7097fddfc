import AttestLedger
import Foundation
import GRDB

/// Witnessed time for one decision (engine 3, docs/witnesses.md "Witnessed time").
///
/// "Now" is the witnessed time (``WitnessQuorum/Result/witnessedTime``: when the quorum-th
/// trusted witness cosigned) of the newest stored checkpoint, at or below the decision's entry,
/// whose cosignatures by the witnesses of the list in force meet its quorum. An entry's time is
/// the witnessed time of the first such checkpoint larger than its sequence number; an entry no
/// such checkpoint includes counts as "now". Only cosignatures timestamped at or before "now"
/// count, so a cosignature stored later cannot change a past decision's times, and no entry's
/// time is after "now". A writer's clock plays no part: time advances only as witnesses see it.
struct WitnessedClock {
    /// The `witnesses.set` entry in force.
    let witnessList: Int64
    /// The checkpoint whose witnessed time is "now"; `nil` when none met the quorum.
    let anchor: UInt64?
    /// "Now", seconds since the Epoch.
    let now: UInt64
    /// Quorum-met checkpoints at or below the anchor, ascending by size, with their witnessed times.
    let points: [(size: UInt64, time: UInt64)]

    /// "Now" as a date.
    var nowDate: Date { Date(timeIntervalSince1970: Double(now)) }

    /// The witnessed time of entry `seq`: the first checkpoint that includes it, else "now".
    func time(of seq: UInt64) -> Date {
        var low = 0
        var high = points.count
        while low < high {
            let middle = (low + high) / 2
            if points[middle].size > seq { high = middle } else { low = middle + 1 }
        }
        return Date(timeIntervalSince1970: Double(low < points.count ? points[low].time : now))
    }

    /// The record of this basis, listing the checkpoints that the entries `inputs` take their times from.
    func basis(inputs: [UInt64]) -> TimeBasis {
        var used: Set<Int> = []
        for seq in inputs {
            if let index = points.firstIndex(where: { $0.size > seq }) { used.insert(index) }
        }
        let checkpoints = used.sorted().map {
            TimeBasis.Checkpoint(size: points[$0].size, time: ISOTime.seconds(Date(timeIntervalSince1970: Double(points[$0].time))))
        }
        return TimeBasis(
            kind: .witnessed, witnessList: UInt64(witnessList), checkpointSize: anchor, now: ISOTime.seconds(nowDate),
            checkpoints: checkpoints)
    }

    /// The clock a recorded basis describes (replay of a bundle, which holds no stored
    /// checkpoints: its recorded times are taken as they are); `nil` for the writer's clock.
    init?(recorded basis: TimeBasis) {
        guard basis.kind == .witnessed, let now = basis.now.flatMap(ISOTime.parseSeconds) else { return nil }
        witnessList = Int64(basis.witnessList ?? 0)
        anchor = basis.checkpointSize
        self.now = UInt64(max(0, now.timeIntervalSince1970))
        points = (basis.checkpoints ?? []).compactMap { point in
            ISOTime.parseSeconds(point.time).map { (point.size, UInt64(max(0, $0.timeIntervalSince1970))) }
        }.sorted { $0.size < $1.size }
    }

    private init(witnessList: Int64, anchor: UInt64?, now: UInt64, points: [(size: UInt64, time: UInt64)]) {
        self.witnessList = witnessList
        self.anchor = anchor
        self.now = now
        self.points = points
    }

    /// The clock of a decision in entry `seq`, or `nil` when no witness list (or an empty one)
    /// was recorded before it: the writer's clock then.
    /// - Parameters:
    ///   - seq: the decision's entry.
    ///   - writerTime: the decision entry's time, "now" when no checkpoint met the quorum.
    ///   - cutoff: only cosignatures timestamped at or before it count (replay passes the
    ///     recorded "now"); `nil` when deciding.
    /// - Throws: `RegistryError` (`.badInput`) when the recorded witness list does not decode.
    static func load(
        before seq: Int64, writerTime: Date, cutoff: UInt64?, _ db: Database, _ cache: FactsBuilder.Cache
    ) throws -> WitnessedClock? {
        guard let found = try witnessList(before: seq, db) else { return nil }
        let (listSeq, list) = found
        guard !list.witnesses.isEmpty, list.quorum > 0 else { return nil }
        let quorum = list.quorum
        let stored = try cache.witnessing(list: listSeq, policy: try list.policy(), db).filter { $0.size <= UInt64(seq) }
        func witnessedTime(_ timestamps: [UInt64], before limit: UInt64?) -> UInt64? {
            let counted = timestamps.filter { limit == nil || $0 <= limit! }.sorted()
            return counted.count >= quorum ? counted[quorum - 1] : nil
        }
        guard
            let anchor = stored.reversed().lazy.compactMap({ row in witnessedTime(row.timestamps, before: cutoff).map { (row.size, $0) } })
                .first
        else {
            return WitnessedClock(witnessList: listSeq, anchor: nil, now: UInt64(max(0, writerTime.timeIntervalSince1970)), points: [])
        }
        let points = stored.filter { $0.size <= anchor.0 }.compactMap { row in
            witnessedTime(row.timestamps, before: anchor.1).map { (size: row.size, time: $0) }
        }
        return WitnessedClock(witnessList: listSeq, anchor: anchor.0, now: anchor.1, points: points)
    }

    /// The latest `witnesses.set` entry before `seq`, decoded.
    static func witnessList(before seq: Int64, _ db: Database) throws -> (Int64, WitnessesSet)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT seq, payload FROM entries WHERE type = ? AND seq < ? ORDER BY seq DESC LIMIT 1"),
                arguments: [EventType.witnessesSet, seq])
        else { return nil }
        let listSeq: Int64 = row["seq"]
        do { return (listSeq, try JSONDecoder().decode(WitnessesSet.self, from: row["payload"] as Data)) } catch {
            throw RegistryError(.badInput, "entry \(listSeq): the witness list does not decode")
        }
    }

    /// Every stored checkpoint with the timestamps of its valid cosignatures by the witnesses
    /// of `policy`, ascending by size. A checkpoint whose note does not parse, or whose size is
    /// not its row's, gives no time (`attest verify` reports it).
    static func witnessing(policy: WitnessQuorum, _ db: Database) throws -> [(size: UInt64, timestamps: [UInt64])] {
        guard try db.tableExists("checkpoints") else { return [] }
        var lines: [Int64: [SignedNote.Signature]] = [:]
        if try db.tableExists("cosignatures") {
            for row in try Row.fetchAll(db, sql: "SELECT size, line FROM cosignatures ORDER BY size, witness, line") {
                guard let parsed = try? SignedNote.parseSignatureLines((row["line"] as String) + "\n") else { continue }
                lines[row["size"] as Int64, default: []] += parsed
            }
        }
        var result: [(size: UInt64, timestamps: [UInt64])] = []
        for row in try Row.fetchAll(db, sql: "SELECT size, note FROM checkpoints ORDER BY size") {
            let size: Int64 = row["size"]
            guard let cosigned = lines[size],
                let signed = try? SignedCheckpoint(parsing: row["note"] as String, logKey: nil),
                signed.checkpoint.size == UInt64(size),
                let attached = try? Ledger.attach(cosigned, to: signed)
            else { continue }
            result.append((UInt64(size), policy.check(attached.note).cosigned.map(\.timestamp)))
        }
        return result
    }
}

extension FactsBuilder.Cache {
    /// ``WitnessedClock/witnessing(policy:_:)`` for the witness list in entry `list`, loaded once.
    func witnessing(list: Int64, policy: WitnessQuorum, _ db: Database) throws -> [(size: UInt64, timestamps: [UInt64])] {
        if let known = witnessings[list] { return known }
        let loaded = try WitnessedClock.witnessing(policy: policy, db)
        witnessings[list] = loaded
        return loaded
    }
}
