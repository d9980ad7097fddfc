import AttestLedger
import Foundation
import Logging
import Synchronization

/// A transparency-log witness (c2sp.org/tlog-witness): checks that each checkpoint a log
/// submits is signed by the log and consistent with the latest one it cosigned, records it
/// durably, and answers with a timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature).
///
/// Checking the old size and recording the new checkpoint happen under one lock per log, and
/// the record is durable before the answer leaves: a witness killed at any point never cosigns
/// two checkpoints that are not consistent (a fork).
public final class Witness: Sendable {
    /// The witness's cosigner key (type 0x04).
    public let key: WitnessKey
    private let signingKey: SigningKey
    let store: WitnessStore
    private let slots: [String: LogSlot]
    private let originsByHash: [String: String]
    private let clock: @Sendable () -> UInt64
    private let logger: Logger

    /// Opens a witness over a state folder.
    /// - Parameters:
    ///   - name: the witness's key name, e.g. `witness.example.com/w1`.
    ///   - signingKey: its Ed25519 private key.
    ///   - logs: the log keys it witnesses; a log key's name is the log's origin.
    ///   - store: the state folder.
    ///   - clock: seconds since the Epoch (injectable for tests).
    ///   - logger: where refusals are logged.
    /// - Throws: `WitnessError` for an invalid name or unreadable state.
    public init(
        name: String, signingKey: SigningKey, logs: [VerifierKey], store: WitnessStore,
        clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) },
        logger: Logger = Logger(label: "attest.witness")
    ) throws {
        do { key = try WitnessKey(name: name, publicKey: signingKey.publicKey) } catch let error as LedgerError {
            throw WitnessError(.badInput, error.message)
        }
        self.signingKey = signingKey
        self.store = store
        self.clock = clock
        self.logger = logger
        var grouped: [String: [VerifierKey]] = [:]
        for log in logs { grouped[log.name, default: []].append(log) }
        var slots: [String: LogSlot] = [:]
        var hashes: [String: String] = [:]
        for (origin, keys) in grouped {
            slots[origin] = LogSlot(keys: keys, state: try store.loadState(origin: origin))
            hashes[SHA256.hash(Array(origin.utf8)).hex] = origin
        }
        self.slots = slots
        self.originsByHash = hashes
    }

    /// The origins witnessed.
    public var origins: [String] { slots.keys.sorted() }

    /// Handles an add-checkpoint request body.
    /// - Parameter body: the bytes POSTed to `/add-checkpoint`.
    /// - Returns: the answer the specification prescribes (200, 400, 403, 404, 409, 422, or 500
    ///   when the state cannot be written).
    public func addCheckpoint(body: [UInt8]) -> WitnessAnswer {
        let request: AddCheckpointRequest
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            request = try AddCheckpointRequest(parsing: body)
            note = try SignedNote(parsing: request.note)
            checkpoint = try Checkpoint(parsing: note.text)
        } catch let error as LedgerError {
            return .refused(400, error.message)
        } catch {
            return .refused(400, "\(error)")
        }
        guard let slot = slots[checkpoint.origin] else {
            logger.info("refused a checkpoint for unknown origin", metadata: ["origin": "\(checkpoint.origin.prefix(200))"])
            return .refused(404, "unknown log origin '\(checkpoint.origin.prefix(200))'")
        }
        guard slot.isSignedByLog(note) else {
            logger.warning("refused a checkpoint without a valid log signature", metadata: ["origin": "\(checkpoint.origin)"])
            return .refused(403, "no valid signature by a trusted key for '\(checkpoint.origin)'")
        }
        return slot.state.withLock { state in
            decide(request: request, body: body, note: note, checkpoint: checkpoint, state: &state)
        }
    }

    /// The latest cosigned checkpoint of a log (the monitoring endpoint `GET /<origin hash>/checkpoint`).
    /// - Parameter originHash: the lowercase hex SHA-256 of the origin.
    /// - Returns: 200 with the note, or 404.
    public func latestCheckpoint(originHash: String) -> WitnessAnswer {
        guard let origin = originsByHash[originHash], let slot = slots[origin],
            let state = slot.state.withLock({ $0 })
        else { return .refused(404, "no checkpoint cosigned for that origin hash") }
        return .note(state.note)
    }

    /// The consistency checks and the durable update, under the log's lock.
    private func decide(
        request: AddCheckpointRequest, body: [UInt8], note: SignedNote, checkpoint: Checkpoint, state: inout LogState?
    ) -> WitnessAnswer {
        let stored = state?.size ?? 0
        let origin = checkpoint.origin
        if request.oldSize > checkpoint.size {
            return refuse(
                400, "old size \(request.oldSize) exceeds the checkpoint's size \(checkpoint.size)", body, state,
                keep: checkpoint.size < stored)
        }
        if request.oldSize != stored {
            if checkpoint.size < stored { keep(body, "older checkpoint: size \(checkpoint.size) below the cosigned \(stored)", state) }
            return .conflict(size: stored)
        }
        if checkpoint.size == 0 && checkpoint.root != MerkleHash.empty {
            return refuse(422, "a checkpoint of size 0 must have the empty tree's root", body, state, keep: true)
        }
        if request.oldSize == 0 {
            guard request.proof.isEmpty else { return refuse(422, "old size 0 takes no consistency proof", body, state, keep: false) }
        } else {
            let old = state!
            guard
                MerkleProofVerifier.verifyConsistency(
                    oldSize: old.size, newSize: checkpoint.size, oldRoot: old.root, newRoot: checkpoint.root, proof: request.proof)
            else {
                let reason =
                    checkpoint.size == old.size
                    ? "root differs from the cosigned root at size \(old.size)"
                    : "consistency proof from size \(old.size) to \(checkpoint.size) does not verify"
                logger.warning("refused an inconsistent checkpoint", metadata: ["origin": "\(origin)", "reason": "\(reason)"])
                return refuse(422, reason, body, state, keep: true)
            }
        }
        do {
            let cosignature = try Cosignature(signing: note.text, timestamp: max(clock(), 1), key: signingKey, name: key.name)
            var cosigned = note
            cosigned.append(cosignature.noteSignature)
            state = try store.saveState(
                origin: origin, size: checkpoint.size, root: checkpoint.root, note: cosigned.serialized, replacing: state)
            return .cosigned([cosignature.line])
        } catch {
            logger.error("cannot record the checkpoint", metadata: ["origin": "\(origin)", "error": "\(error)"])
            return .refused(500, "the witness cannot record the checkpoint: \(error)")
        }
    }

    private func refuse(_ status: Int, _ reason: String, _ body: [UInt8], _ state: LogState?, keep shouldKeep: Bool) -> WitnessAnswer {
        if shouldKeep { keep(body, reason, state) }
        return .refused(status, reason)
    }

    private func keep(_ body: [UInt8], _ reason: String, _ state: LogState?) {
        do { try store.keepEvidence(body: body, reason: reason, state: state, time: clock()) } catch {
            logger.error("cannot keep the refused request as evidence", metadata: ["error": "\(error)"])
        }
    }
}

/// One witnessed log: its trusted keys and its state behind a lock.
final class LogSlot: Sendable {
    let keys: [VerifierKey]
    let state: Mutex<LogState?>

    init(keys: [VerifierKey], state: LogState?) {
        self.keys = keys
        self.state = Mutex(state)
    }

    /// At least one valid signature by a trusted key, and no failing line that names one.
    func isSignedByLog(_ note: SignedNote) -> Bool {
        var valid = false
        for key in keys {
            let lines = note.signatures.filter { $0.keyName == key.name && $0.keyID == key.keyIDValue }
            guard !lines.isEmpty else { continue }
            guard note.isSigned(by: key) else { return false }
            valid = true
        }
        return valid
    }
}
