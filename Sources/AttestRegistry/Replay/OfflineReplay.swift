import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Replays every `promotion.decided` entry among `entries` (an evidence bundle's verified
    /// entries) with the policy sets, approvals, evaluations and roles among them, exactly as
    /// `attest verify --replay` does on a whole ledger.
    /// - Parameter entries: verified entries in log order; they must include what each decision
    ///   cites (the bundle exporter includes them).
    /// - Returns: the count and every mismatch.
    /// - Throws: when the entries cannot be projected.
    public static func replayDecisions(in entries: [Entry]) throws -> ReplayReport {
        let scratch = try ScratchLog(entries: entries, projectors: projectors)
        return try scratch.database.read { db in
            // A bundle holds no stored checkpoints: witnessed times are taken as recorded.
            let cursor = ReplayCursor(db: db, recomputesWitnessedTime: false)
            var report = ReplayReport(decisions: 0, mismatches: [])
            for entry in entries where entry.type == EventType.promotionDecided {
                let decision = RecordedDecision(
                    seq: Int64(entry.sequence), signer: Data(entry.signer.bytes), timeMicros: entry.timeMicros, payload: Data(entry.payload)
                )
                if let mismatch = try replay(decision, cursor: cursor) { report.mismatches.append(mismatch) }
                report.decisions += 1
            }
            return report
        }
    }
}
