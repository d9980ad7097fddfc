import AttestLedger
import Foundation
import GRDB

/// Witnessed time for views other than decisions (the inventory's review dates): "now" and each
/// entry's time as the witnesses saw them (docs/witnesses.md, "Witnessed time").
public struct WitnessedTimeline: Sendable {
    let clock: WitnessedClock

    /// "Now": the witnessed time of the newest stored checkpoint whose cosignatures meet the
    /// quorum of the list in force (the writer's "now" given when none does).
    public var now: Date { clock.nowDate }

    /// The `witnesses.set` entry in force.
    public var witnessList: UInt64 { UInt64(clock.witnessList) }

    /// The witnessed time of entry `seq`: that of the first quorum-met checkpoint including it,
    /// else "now".
    public func time(of seq: UInt64) -> Date { clock.time(of: seq) }
}

extension Registry {
    /// The witnessed timeline of the ledger as it stands, or `nil` without a witness list (the
    /// writer's clock then).
    /// - Parameter writerNow: "now" when no stored checkpoint meets the quorum yet.
    /// - Returns: the timeline, or `nil`.
    /// - Throws: `RegistryError`/`LedgerError` for a list that does not decode or a storage failure.
    public func witnessedTimeline(writerNow: Date) throws -> WitnessedTimeline? {
        try ledger.read { db in
            let size = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq) + 1, 0) FROM entries") ?? 0
            return try WitnessedClock.load(before: size, writerTime: writerNow, cutoff: nil, db, FactsBuilder.Cache())
                .map(WitnessedTimeline.init)
        }
    }
}
