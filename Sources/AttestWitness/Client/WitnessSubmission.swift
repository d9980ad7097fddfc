import AttestLedger
import Foundation

/// Sends a checkpoint to a witness the way c2sp.org/tlog-witness describes: with a consistency
/// proof from the size the client believes the witness last cosigned, and once more from the
/// size a 409 answer names.
public enum WitnessSubmission {
    /// Obtains a witness's cosignature on a checkpoint.
    /// - Parameters:
    ///   - checkpoint: the signed checkpoint.
    ///   - client: the witness's client.
    ///   - knownSize: the size the witness last cosigned, as far as the log knows (0 if never).
    ///   - proof: the consistency proof from an older size to the checkpoint's size.
    /// - Returns: the witness's signature lines (not yet verified).
    /// - Throws: `WitnessError` when the witness refuses, is unreachable, or has cosigned a
    ///   larger or different tree.
    public static func cosign(
        _ checkpoint: SignedCheckpoint, client: WitnessClient, knownSize: UInt64,
        proof: (UInt64) throws -> [Digest]
    ) async throws -> [SignedNote.Signature] {
        let size = checkpoint.checkpoint.size
        var old = knownSize <= size ? knownSize : 0
        for _ in 0..<3 {
            let hashes = old == 0 || old == size ? [] : try proof(old)
            let request = AddCheckpointRequest(oldSize: old, proof: hashes, note: checkpoint.serialized)
            switch try await client.add(request) {
            case .cosigned(let lines):
                return lines
            case .conflict(let witnessed):
                guard witnessed <= size else {
                    throw WitnessError(
                        .refused,
                        "witness \(client.url.absoluteString) has cosigned a tree of \(witnessed) entries, larger than this checkpoint's \(size): the log was truncated or this checkpoint is stale"
                    )
                }
                old = witnessed
            case .refused(let status, let reason):
                throw WitnessError(.refused, "witness \(client.url.absoluteString) refused the checkpoint (HTTP \(status)): \(reason)")
            }
        }
        throw WitnessError(.refused, "witness \(client.url.absoluteString) kept answering 409 Conflict")
    }
}
