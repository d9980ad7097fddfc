import AttestLedger
import Foundation

/// Sends a checkpoint to a witness the way c2sp.org/tlog-witness describes: with a consistency
/// proof from the size the client believes the witness last cosigned, and once more from the
/// size a 409 answer names.
///
/// The exchange is a small state machine (``request(proof:)``, then ``take(_:)``) so that one
/// witness can be asked with `async` (``cosign(_:client:knownSize:proof:)``) and several at once
/// from a blocking caller (``CheckpointCosigner/cosignBlocking(_:ledger:witnesses:quorum:timeout:)``).
public struct WitnessSubmission: Sendable {
    /// How many add-checkpoint requests one witness gets for one checkpoint.
    static let attempts = 3

    /// The checkpoint being cosigned.
    public let checkpoint: SignedCheckpoint
    /// The witness's client.
    public let client: WitnessClient
    private var old: UInt64
    private var sent = 0

    /// Starts an exchange.
    /// - Parameters:
    ///   - checkpoint: the signed checkpoint.
    ///   - client: the witness's client.
    ///   - knownSize: the size the witness last cosigned, as far as the log knows (0 if never).
    public init(_ checkpoint: SignedCheckpoint, client: WitnessClient, knownSize: UInt64) {
        self.checkpoint = checkpoint
        self.client = client
        old = knownSize <= checkpoint.checkpoint.size ? knownSize : 0
    }

    /// The next add-checkpoint request.
    /// - Parameter proof: the consistency proof from an older size to the checkpoint's size.
    /// - Throws: `WitnessError` (`.refused`) after three conflicts; the proof's own errors.
    public mutating func request(proof: (UInt64) throws -> [Digest]) throws -> AddCheckpointRequest {
        guard sent < Self.attempts else {
            throw WitnessError(.refused, "witness \(client.url.absoluteString) kept answering 409 Conflict")
        }
        sent += 1
        let size = checkpoint.checkpoint.size
        let hashes = old == 0 || old == size ? [] : try proof(old)
        return AddCheckpointRequest(oldSize: old, proof: hashes, note: checkpoint.serialized)
    }

    /// Takes the witness's answer to the last request.
    /// - Returns: the witness's signature lines (not yet verified), or `nil` to ask again.
    /// - Throws: `WitnessError` when the witness refused or has cosigned a larger tree.
    public mutating func take(_ outcome: WitnessClient.Outcome) throws -> [SignedNote.Signature]? {
        switch outcome {
        case .cosigned(let lines):
            return lines
        case .conflict(let witnessed):
            guard witnessed <= checkpoint.checkpoint.size else {
                throw WitnessError(
                    .refused,
                    "witness \(client.url.absoluteString) has cosigned a tree of \(witnessed) entries, larger than this checkpoint's \(checkpoint.checkpoint.size): the log was truncated or this checkpoint is stale"
                )
            }
            old = witnessed
            return nil
        case .refused(let status, let reason):
            throw WitnessError(.refused, "witness \(client.url.absoluteString) refused the checkpoint (HTTP \(status)): \(reason)")
        }
    }

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
        var exchange = WitnessSubmission(checkpoint, client: client, knownSize: knownSize)
        while true {
            let request = try exchange.request(proof: proof)
            if let lines = try exchange.take(try await client.add(request)) { return lines }
        }
    }
}
