import AttestLedger
import AttestPolicy
import Foundation

/// Why a recorded decision's time basis cannot be replayed.
struct TimeBasisProblem: Error {
    let message: String
}

extension Registry {
    /// The witnessed clock a recorded decision replays on, or `nil` for the writer's clock.
    ///
    /// Engines 1 and 2 record no time basis and use the writer's clock. From engine 3 on the
    /// record names its basis: on a ledger it is recomputed from the witness list in force and
    /// the stored checkpoints and cosignatures (only cosignatures timestamped at or before the
    /// recorded "now" count, so later ones change nothing; the caller compares the recomputed
    /// basis with the recorded one); in a bundle, which holds no stored checkpoints, the
    /// recorded basis is taken as it is.
    /// - Returns: the clock, or the problem (a mismatch).
    /// - Throws: `RegistryError` when the witness list does not decode.
    static func timeBasis(
        of recorded: PromotionDecided, seq: Int64, time: Date, semantics: EngineSemantics, cursor: ReplayCursor
    ) throws -> Result<WitnessedClock?, TimeBasisProblem> {
        guard semantics.measuresWitnessedTime else {
            guard recorded.timeBasis == nil else {
                return .failure(TimeBasisProblem(message: "engine \(recorded.engine) records no time basis, but this decision has one"))
            }
            return .success(nil)
        }
        guard let basis = recorded.timeBasis else {
            return .failure(TimeBasisProblem(message: "engine \(recorded.engine) records its time basis, but this decision has none"))
        }
        guard cursor.recomputesWitnessedTime else { return .success(WitnessedClock(recorded: basis)) }
        let cutoff =
            basis.kind == .witnessed ? basis.now.flatMap(ISOTime.parseSeconds).map { UInt64(max(0, $0.timeIntervalSince1970)) } : nil
        let clock = try WitnessedClock.load(before: seq, writerTime: time, cutoff: cutoff, cursor.db, cursor.cache)
        if let clock, basis.kind == .writer {
            return .failure(
                TimeBasisProblem(
                    message: "the decision used the writer's clock, but the witness list in entry \(clock.witnessList) was in force"))
        }
        if clock == nil, basis.kind == .witnessed {
            return .failure(
                TimeBasisProblem(
                    message: "the decision's time basis is witnessed, but no witness list was recorded before it (the writer's clock)"))
        }
        return .success(clock)
    }

    /// A time basis in words, for mismatches.
    static func describe(_ basis: TimeBasis?) -> String {
        guard let basis else { return "absent" }
        guard let data = try? JSONEncoder.sorted.encode(basis) else { return basis.description }
        return String(decoding: data, as: UTF8.self)
    }
}
