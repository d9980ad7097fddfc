import AttestLedger
import Foundation

extension Registry {
    /// Checks the database around the log in one replay: the schema (every table, index, trigger
    /// and view, byte for byte, and SQLite's integrity check), every projection table compared
    /// exactly with the replay, and the authority of every entry's signer at that point.
    /// - Parameter progress: called after each batch with (entries replayed, total).
    /// - Returns: the problems found, each naming the object, table or entry.
    /// - Throws: `LedgerError` for a storage failure.
    public func verifyDatabase(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [VerificationProblem] {
        try ProjectionCheck(ledger: ledger).run(inspect: AuthorityCheck.inspector(), progress: progress)
    }

    /// Everything `attest verify` checks, with the log verification and the database check
    /// running side by side (they read the file through separate connections): the log's
    /// signatures, chain, sequence, times, Merkle tree and checkpoints (``LedgerVerifier``),
    /// and, unless `logOnly`, ``verifyDatabase(progress:)``.
    ///
    /// Projection and authority problems are kept only when the log itself verifies (a replay
    /// of a broken log proves nothing); schema and integrity problems are always kept.
    /// - Parameters:
    ///   - external: a checkpoint held outside the ledger (already signature-checked).
    ///   - logOnly: check the log alone.
    ///   - progress: called with (entries checked by the log verifier, total).
    /// - Returns: the report, problems in log order.
    /// - Throws: `LedgerError` for a storage failure.
    public func verifyEverything(
        against external: SignedCheckpoint? = nil, logOnly: Bool = false, progress: (@Sendable (UInt64, UInt64) -> Void)? = nil
    ) throws -> VerificationReport {
        guard !logOnly else { return try LedgerVerifier().verify(ledger, against: external, progress: progress) }
        // Its own thread, not a global queue: the check waits for replay batches prepared there.
        let database = ThreadWork(name: "attest.verify-database") { try self.verifyDatabase() }
        let logResult = Result { try LedgerVerifier().verify(ledger, against: external, progress: progress) }
        let databaseResult = Result { try database.wait() }
        var report = try logResult.get()
        let problems = try databaseResult.get()
        let structural: Set<VerificationProblem.Kind> = [.schemaMismatch, .storageDamaged]
        let logValid = report.isValid
        for problem in problems where logValid || structural.contains(problem.kind) {
            report.add(problem)
        }
        if logValid { for problem in try ModelEntryIndex.problems(ledger: ledger) { report.add(problem) } }
        report.sortInLogOrder()
        return report
    }
}
