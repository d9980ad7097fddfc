import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

/// The attestation of an evaluation or decision made through `attest serve`: the actor signs,
/// on the client with their own key, the statements that restate their new entry, and records
/// them with the act `attestation.record` (docs/attestations.md, docs/api.md).
enum RemoteAttestation {
    /// ``record(_:entry:)``, with a failure as a warning, as on a local ledger: the act itself
    /// is recorded either way.
    static func recordOrWarn(_ client: ServerClient, entry sequence: UInt64) {
        do { try record(client, entry: sequence) } catch {
            Console.current.err(
                "attest: warning: entry \(sequence) is recorded, but its in-toto statements could not be signed and recorded: \(error)")
        }
    }

    /// Signs and records the statements restating entry `sequence`, which this client signed.
    /// - Throws: `CommandFailure` when the server sends an entry this client did not sign, or
    ///   statements that do not cite it; the server's refusal of the act.
    static func record(_ client: ServerClient, entry sequence: UInt64) throws {
        guard let signer = client.signer, signer.holdsKey else { return }
        let served = try client.get(EntryBody.self, "/v1/entries/\(sequence)")
        guard let leaf = Data(base64Encoded: served.leaf), let entry = try? EntryEncoding.decode(leaf: Array(leaf)),
            entry.sequence == sequence, entry.signer == signer.verifierKey.fingerprint,
            signer.verifierKey.publicKey.isValidSignature(entry.signature, for: entry.body)
        else {
            throw CommandFailure.refused("the server's entry \(sequence) is not the entry this client signed; nothing was attested")
        }
        let body = try client.get(StatementsBody.self, "/v1/entries/\(sequence)/statements")
        let statements = try body.statements.map { text -> [UInt8] in
            guard let bytes = Data(base64Encoded: text) else {
                throw CommandFailure.refused("the server sent a statement that is not base64")
            }
            return Array(bytes)
        }
        do { try ActAttestation.checkBeforeSigning(statements, restating: entry) } catch let error as IntegrationError {
            throw CommandFailure.refused("\(error.message); nothing was attested")
        }
        guard let (model, version) = ActAttestation.modelAndVersion(of: entry) else {
            throw CommandFailure.refused("entry \(sequence) names no model and version")
        }
        var request = ActRequest(act: .attestationRecord)
        request.model = model
        request.version = version
        request.entry = sequence
        request.envelopes = statements.map { SignedStatement.signing($0, by: signer) }
        _ = try client.act(request)
    }
}
