import AttestLedger
import AttestRegistry
import Dispatch
import Foundation

/// Verifies the entries a report cites: each signature with the key valid at that entry, and
/// each inclusion proof (RFC 9162) against the checkpoint the report prints.
struct IntegrityChecker {
    let ledger: Ledger
    let directory: KeyDirectory

    func check(entries: [Entry], checkpoint: SignedCheckpoint?, model: String) throws -> IntegritySection {
        let signatures = Self.verifySignatures(entries, directory: directory)
        var rows: [EntryCheck] = []
        rows.reserveCapacity(entries.count)
        var problems: [String] = []
        let size = checkpoint?.checkpoint.size ?? 0
        let root = checkpoint?.checkpoint.root
        var uncovered: [UInt64] = []
        let proofs = try InclusionProofs(ledger: ledger, size: size, count: entries.count)
        for (index, entry) in entries.enumerated() {
            let (leafHash, signatureValid) = signatures[index]
            var inclusion: Bool?
            var proofLength = 0
            if let root, entry.sequence < size {
                let proof = try proofs.proof(for: entry.sequence)
                proofLength = proof.count
                inclusion = MerkleProofVerifier.verifyInclusion(
                    leafHash: leafHash, index: entry.sequence, size: size, proof: proof, root: root)
                if inclusion == false {
                    problems.append("entry \(entry.sequence) (\(entry.type)): the inclusion proof does not lead to the checkpoint's root")
                }
            } else {
                uncovered.append(entry.sequence)
            }
            if !signatureValid {
                problems.append("entry \(entry.sequence) (\(entry.type)): the signature does not verify with a key valid at that entry")
            }
            rows.append(
                EntryCheck(
                    entry: entry.sequence, type: entry.type, leafHash: leafHash.hex,
                    signer: directory.records[entry.signer]?.key.name ?? "unknown", signatureValid: signatureValid,
                    inclusionValid: inclusion, proofLength: proofLength))
        }
        if checkpoint == nil {
            problems.append("no signed checkpoint was available: inclusion proofs were not checked (an operator runs 'attest checkpoint')")
        } else if let first = uncovered.first {
            problems.append(
                "\(uncovered.count) entries from entry \(first) on are newer than the checkpoint (size \(size)): their inclusion was not checked"
            )
        }
        let signaturesValid = signatures.filter(\.1).count
        let proofsValid = rows.filter { $0.inclusionValid == true }.count
        let signatureOK = checkpoint.map { $0.note.isSigned(by: ledger.logKey) } ?? false
        if checkpoint != nil && !signatureOK { problems.append("the checkpoint's signature does not verify with the log key") }
        let key = ledger.logKey.description
        let sample = entries.last?.sequence ?? 0
        return IntegritySection(
            checkpoint: checkpoint?.serialized, checkpointSize: checkpoint?.checkpoint.size,
            checkpointRoot: checkpoint?.checkpoint.root.base64, checkpointSignatureValid: signatureOK,
            entriesChecked: entries.count, signaturesValid: signaturesValid, proofsValid: proofsValid,
            verified: problems.isEmpty, entries: rows, problems: problems,
            timeSource: TimeSource.sentence(try? Registry.witnesses(in: ledger)),
            howToRepeat: [
                "Obtain the log's verifier key from a source you trust (not from this report): it should read \(key).",
                "Save the checkpoint above, byte for byte, as checkpoint.txt and check its signature: any C2SP signed-note verifier (for example Go's golang.org/x/mod/sumdb/note) with that key.",
                "Ask the log operator for the evidence bundle of a version: attest export \(model) VERSION --out evidence.bundle; then verify it with no ledger: attest verify-bundle evidence.bundle --log-key KEY --checkpoint checkpoint.txt (docs/bundles.md).",
                "Or check single entries: attest prove \(sample) --out entry.proof, then attest verify-proof entry.proof --log-key KEY, or independently: python3 scripts/thirdparty/verify_proof.py entry.proof --log-key KEY.",
                "On the ledger itself: attest verify --checkpoint checkpoint.txt re-checks every entry, the hash chain and that the log still extends this checkpoint.",
            ])
    }

    /// Leaf hashes and signature checks, spread over the cores.
    static func verifySignatures(_ entries: [Entry], directory: KeyDirectory) -> [(Digest, Bool)] {
        let count = entries.count
        let results = ResultBuffer<(Digest, Bool)>(count: count)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 64 + 1))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
                let entry = entries[index]
                let body = entry.body
                let leafHash = MerkleHash.leaf(body + entry.signature)
                let key = directory.validKey(entry.signer, at: entry.sequence)?.key.publicKey
                results.set(index, (leafHash, key?.isValidSignature(entry.signature, for: body) ?? false))
            }
        }
        return results.values
    }
}

/// Results written by disjoint indices from several threads.
/// `@unchecked Sendable`: each index is written by exactly one iteration of `concurrentPerform`,
/// and `values` is read only after it returns.
final class ResultBuffer<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    var values: [Value] { storage.map { $0! } }
}
