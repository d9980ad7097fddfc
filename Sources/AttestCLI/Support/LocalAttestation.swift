import AttestIntegrations
import AttestLedger
import AttestRegistry

/// The attestation of an evaluation or decision made on a local ledger.
enum LocalAttestation {
    /// Attests the latest decision about `model` `version` signed by `signer`, unless it is
    /// attested already (`attest mlflow promote`, whose MLflow step may fail after the decision).
    static func recordLatestDecision(model: String, version: Int, registry: Registry, signer: Signer) {
        guard
            let decision = try? registry.ledger.entries(types: [EventType.promotionDecided]).last(where: {
                $0.signer == signer.verifierKey.fingerprint && ActAttestation.concerns($0, model: model, version: version)
            })
        else { return }
        do { if try registry.attestation(of: decision.sequence) != nil { return } } catch { return }
        record(decision.sequence, registry: registry, signer: signer)
    }

    /// Signs and records the statements restating `sequence` with `signer`; a failure is a
    /// warning (the act itself is recorded) that says how to see what is missing.
    static func record(_ sequence: UInt64, registry: Registry, signer: Signer) {
        do {
            try ActAttestation.record(try registry.ledger.entry(at: sequence), registry: registry, signer: signer)
        } catch {
            Console.current.err(
                "attest: warning: entry \(sequence) is recorded, but its in-toto statements could not be signed and recorded: \(error)")
        }
    }
}
