import AttestLedger
import AttestRegistry
import Foundation

/// What `attest verify` checks of every `attestation.signed` entry beyond its signer's authority
/// and the envelopes' signatures (the registry's authority check): that the statements are,
/// byte for byte and in order, the ones that restate the cited entry as the ledger stood when
/// it was made. A validly signed attestation that says something its entry does not (a
/// denied promotion summarised as PASSED, another model's artifacts as subjects) is reported at
/// its entry.
public enum AttestationRecheck {
    /// One problem per attestation whose statements do not restate its entry.
    /// - Throws: `LedgerError` for a storage failure.
    public static func problems(_ registry: Registry) throws -> [VerificationProblem] {
        var problems: [VerificationProblem] = []
        let decoder = JSONDecoder()
        let reading = ActAttestation.Reads(registry)
        for attestation in try registry.ledger.entries(types: [EventType.attestationSigned]) {
            guard let payload = try? decoder.decode(AttestationSigned.self, from: Data(attestation.payload)),
                payload.entry < attestation.sequence
            else { continue }  // the authority check reports it
            let cited = try registry.ledger.entry(at: payload.entry)
            let problem: String?
            do {
                let expected = try ActAttestation.statements(restating: cited, registry: registry, reading: reading)
                problem = ActAttestation.mismatch(payload.envelopes, expected)
            } catch let error as IntegrationError {
                problem = error.message
            }
            if let problem {
                problems.append(
                    VerificationProblem(
                        .malformedEntry, at: attestation.sequence,
                        "the attestation of entry \(payload.entry) does not restate it: \(problem)"))
            }
        }
        return problems
    }
}
