import AttestHTTP
import AttestLedger
import Foundation

/// Sends a ledger's checkpoint to its witnesses at once, keeps the cosignatures that verify,
/// stores them with the checkpoint, and tells whether the quorum is met.
public enum CheckpointCosigner {
    /// A witness to ask.
    public struct Target: Sendable {
        /// Its cosigner key.
        public let key: WitnessKey
        /// Its submission prefix.
        public let url: URL

        /// Names a witness.
        public init(key: WitnessKey, url: URL) {
            self.key = key
            self.url = url
        }
    }

    /// What the witnesses answered.
    public struct Outcome: Sendable {
        /// The checkpoint with every stored cosignature.
        public let checkpoint: SignedCheckpoint
        /// The quorum check on it.
        public let result: WitnessQuorum.Result
        /// The witnesses that did not cosign, and why.
        public let failures: [(name: String, message: String)]
        /// The valid cosignatures collected in this call (stored unless the call said not to).
        public let collected: [SignedNote.Signature]
    }

    /// Asks every witness that has not yet cosigned `checkpoint`.
    /// - Parameters:
    ///   - checkpoint: a checkpoint stored in `ledger`.
    ///   - ledger: the ledger (for consistency proofs, and to store the cosignatures).
    ///   - witnesses: the witnesses.
    ///   - quorum: how many cosignatures are needed.
    ///   - timeout: seconds to wait for each witness.
    ///   - store: store the new cosignatures in `ledger` (a write); `false` leaves that to the
    ///     caller (`attest serve` writes on a thread of its own, never on Swift's cooperative
    ///     pool) and only reads `ledger`.
    /// - Returns: the outcome; a witness that fails is listed, not thrown.
    /// - Throws: `LedgerError` for a storage failure.
    public static func cosign(
        _ checkpoint: SignedCheckpoint, ledger: Ledger, witnesses: [Target], quorum: Int, timeout: Double = 5,
        store: Bool = true
    ) async throws -> Outcome {
        let round = try Round(checkpoint, ledger: ledger, witnesses: witnesses, quorum: quorum)
        let answers = await withTaskGroup(of: (Target, Result<[SignedNote.Signature], any Error>).self) { group in
            for target in round.pending {
                group.addTask {
                    do {
                        let known = try ledger.largestCosignedSize(witness: target.key.name)
                        let lines = try await WitnessSubmission.cosign(
                            checkpoint, client: WitnessClient(url: target.url, timeout: timeout), knownSize: known, proof: round.proof)
                        return (target, .success(lines))
                    } catch {
                        return (target, .failure(error))
                    }
                }
            }
            var all: [(Target, Result<[SignedNote.Signature], any Error>)] = []
            for await answer in group { all.append(answer) }
            return all
        }
        return try round.finish(answers, store: store)
    }

    /// ``cosign(_:ledger:witnesses:quorum:timeout:store:)`` for a synchronous caller (the command
    /// line), storing the cosignatures: every witness is asked at once from the calling thread,
    /// without Swift tasks, and over plain `http://` without starting SwiftNIO
    /// (``HTTPExchange/sendAllBlocking(_:maximumBody:)``), which is what keeps `attest checkpoint`
    /// with three witnesses within 20 ms (docs/benchmarks.md).
    public static func cosignBlocking(
        _ checkpoint: SignedCheckpoint, ledger: Ledger, witnesses: [Target], quorum: Int, timeout: Double = 5
    ) throws -> Outcome {
        let round = try Round(checkpoint, ledger: ledger, witnesses: witnesses, quorum: quorum)
        var answers: [(Target, Result<[SignedNote.Signature], any Error>)] = []
        var asking: [(Target, WitnessSubmission)] = []
        for target in round.pending {
            do {
                let known = try ledger.largestCosignedSize(witness: target.key.name)
                asking.append(
                    (target, WitnessSubmission(checkpoint, client: WitnessClient(url: target.url, timeout: timeout), knownSize: known)))
            } catch {
                answers.append((target, .failure(error)))
            }
        }
        // Each pass sends every unfinished exchange's next request at once; a 409 asks again.
        while !asking.isEmpty {
            var requests: [HTTPRequest] = []
            var sent: [(Target, WitnessSubmission)] = []
            for (target, exchange) in asking {
                var exchange = exchange
                do {
                    requests.append(exchange.client.post(try exchange.request(proof: round.proof)))
                    sent.append((target, exchange))
                } catch {
                    answers.append((target, .failure(error)))
                }
            }
            asking = []
            for ((target, exchange), reply) in zip(sent, HTTPExchange.sendAllBlocking(requests, maximumBody: WitnessClient.maximumAnswer)) {
                var exchange = exchange
                do {
                    let answer = try reply.mapError { exchange.client.unreachable($0) }.get()
                    if let lines = try exchange.take(try exchange.client.outcome(of: answer)) {
                        answers.append((target, .success(lines)))
                    } else {
                        asking.append((target, exchange))
                    }
                } catch {
                    answers.append((target, .failure(error)))
                }
            }
        }
        return try round.finish(answers, store: true)
    }
}

/// What both ways of asking share: who still has to cosign, the proofs they need, and what is
/// kept of their answers.
private struct Round: Sendable {
    let checkpoint: SignedCheckpoint
    let ledger: Ledger
    let policy: WitnessQuorum
    let pending: [CheckpointCosigner.Target]

    init(_ checkpoint: SignedCheckpoint, ledger: Ledger, witnesses: [CheckpointCosigner.Target], quorum: Int) throws {
        self.checkpoint = checkpoint
        self.ledger = ledger
        policy = try WitnessQuorum(witnesses: witnesses.map(\.key), quorum: quorum)
        let before = try policy.check(Ledger.attach(try ledger.cosignatures(size: checkpoint.checkpoint.size), to: checkpoint).note)
        let done = Set(before.cosigned.map(\.name))
        pending = witnesses.filter { !done.contains($0.key.name) }
    }

    /// The consistency proof from `old` to the checkpoint's size.
    @Sendable func proof(_ old: UInt64) throws -> [Digest] {
        try ledger.consistencyProof(oldSize: old, newSize: checkpoint.checkpoint.size)
    }

    /// Keeps each witness's valid lines, stores them when asked, and checks the quorum.
    func finish(
        _ answers: [(CheckpointCosigner.Target, Result<[SignedNote.Signature], any Error>)], store: Bool
    ) throws -> CheckpointCosigner.Outcome {
        let size = checkpoint.checkpoint.size
        var valid: [SignedNote.Signature] = []
        var failures: [(name: String, message: String)] = []
        for (target, answer) in answers {
            switch answer {
            case .success(let lines):
                // Keep only this witness's lines that verify; ignore any other key's (c2sp.org/tlog-witness).
                let good = lines.filter { Cosignature($0)?.verifies(text: checkpoint.note.text, key: target.key) == true }
                if good.isEmpty { failures.append((target.key.name, "answered without a valid cosignature by \(target.key)")) }
                valid += good
            case .failure(let error):
                failures.append((target.key.name, (error as? WitnessError)?.message ?? "\(error)"))
            }
        }
        let cosigned: SignedCheckpoint
        if store {
            try ledger.storeCosignatures(valid, size: size)
            cosigned = try Ledger.attach(try ledger.cosignatures(size: size), to: checkpoint)
        } else {
            cosigned = try Ledger.attach(try ledger.cosignatures(size: size) + valid, to: checkpoint)
        }
        return CheckpointCosigner.Outcome(
            checkpoint: cosigned, result: policy.check(cosigned.note), failures: failures.sorted { $0.name < $1.name },
            collected: valid)
    }
}
