import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation

/// A fresh witnessed "now" before a promotion is decided (docs/witnesses.md, "Witnessed time"):
/// on a ledger with a witness list, `attest promote` signs a checkpoint of the head and asks the
/// witnesses to cosign it, so that the decision's "now" is the witnesses' clocks of a moment ago.
enum WitnessedPromotion {
    /// Signs a checkpoint of the head with the log key and has the ledger's witnesses cosign it;
    /// does nothing without a witness list. Never fails the promotion: a missing log key, an
    /// unreachable witness or an unmet quorum is a warning on standard error, and the decision
    /// then uses the newest witnessed time stored.
    /// - Returns: the warning given, or `nil` when the quorum was met (or no witnesses are listed).
    @discardableResult
    static func refresh(_ ledger: Ledger, passphraseFile: String? = nil, timeout: Double = 5) -> String? {
        guard let list = try? Registry.witnesses(in: ledger), !list.witnesses.isEmpty else { return nil }
        let warning: String?
        do {
            let logSigner = try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: passphraseFile)
            let signed = try ledger.checkpoint(signedBy: logSigner)
            let outcome = try WitnessCosigning.run(signed, ledger: ledger, list: list, timeout: timeout)
            warning =
                outcome.result.isMet
                ? nil
                : "checkpoint \(signed.checkpoint.size): \(outcome.result.summary); the decision uses the newest witnessed time"
        } catch {
            let message = (error as? CommandFailure)?.message ?? (error as? LedgerError)?.message ?? "\(error)"
            warning = "no fresh witnessed checkpoint (\(message)); the decision uses the newest witnessed time"
        }
        if let warning { Console.current.err("attest: warning: \(warning)") }
        return warning
    }

    /// One line saying where the decision's times came from.
    static func line(_ basis: TimeBasis?) -> String {
        "Time: " + (basis?.description ?? "the writer's clock (engine before attest-policy/3)")
    }
}
