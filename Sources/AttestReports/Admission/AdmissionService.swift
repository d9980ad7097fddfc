import AttestLedger
import AttestRegistry
import Foundation

/// Makes signed admission answers: the function `attest admission answer` and the server's
/// `GET /v1/admission` call (docs/admission.md).
///
/// It holds the log key, which signs checkpoints, so it runs where the log operator runs. It
/// writes nothing: the checkpoint it signs is made for the answer and not stored.
public struct AdmissionService: Sendable {
    /// The registry answered from.
    public let registry: Registry
    /// The log key (private half).
    public let logSigner: Signer
    /// The clock that dates answers.
    public let clock: @Sendable () -> Date

    /// Makes the service.
    /// - Throws: `AdmissionError` (`.badInput`) when `logSigner` is not the ledger's log key.
    public init(registry: Registry, logSigner: Signer, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        guard logSigner.verifierKey == registry.ledger.logKey else {
            throw AdmissionError(
                .badInput,
                "key \(logSigner.verifierKey) is not this ledger's log key \(registry.ledger.logKey); answers are signed by the log key")
        }
        self.registry = registry
        self.logSigner = logSigner
        self.clock = clock
    }

    /// The signed answer for `model` v`version` in `environment`, as file bytes.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`) when a projection disagrees with the log;
    ///   `RegistryError` when the published policy set does not load.
    public func answer(model: String, version: Int, environment: String) throws -> Data {
        try answerValue(model: model, version: version, environment: environment).answer.bytes
    }

    /// The answer and its statement.
    public func answerValue(
        model: String, version: Int, environment: String
    ) throws -> (answer: AdmissionAnswer, statement: AdmissionStatement) {
        let ledger = registry.ledger
        let verdict = try registry.admission(model: model, version: version, environment: environment)
        let root = try ledger.root(size: verdict.size)
        let checkpoint = try SignedCheckpoint(
            checkpoint: Checkpoint(origin: ledger.origin, size: verdict.size, root: root), signer: logSigner)
        var cited: [AdmissionStatement.Cited] = []
        var proofs: [String] = []
        for deciding in verdict.deciding {
            let proof = try ledger.inclusionProof(index: deciding.entry, checkpoint: checkpoint)
            cited.append(.init(role: deciding.role, entry: deciding.entry, leafHash: MerkleHash.leaf(proof.extra ?? [])))
            proofs.append(proof.serialized)
        }
        let statement = AdmissionStatement(
            origin: ledger.origin, model: model, version: version, environment: environment, allowed: verdict.allowed, time: clock(),
            checkpointSize: verdict.size, checkpointRoot: root, stage: verdict.stage, required: verdict.required,
            reasons: verdict.reasons, entries: cited)
        var note = try SignedNote(text: statement.text)
        note.sign(with: logSigner)
        return (AdmissionAnswer(answer: note.serialized, checkpoint: checkpoint.serialized, proofs: proofs), statement)
    }
}
