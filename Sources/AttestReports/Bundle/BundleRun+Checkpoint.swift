import AttestLedger

/// The auditor's checkpoint (docs/bundles.md, step 8): consistency of the bundle's checkpoint
/// with one the auditor obtained elsewhere, older, equal or newer.
extension BundleRun {
    /// Consistency of the bundle's checkpoint with one the auditor holds (older, equal or newer).
    mutating func checkAuditorCheckpoint(_ other: String, consistency consistencyText: String?) throws {
        guard let checkpoint else { return }
        let size = checkpoint.checkpoint.size
        let theirs: SignedCheckpoint
        do { theirs = try SignedCheckpoint(parsing: other, logKey: logKey) } catch let error as LedgerError {
            throw fail("--checkpoint", error.message)
        }
        let them = theirs.checkpoint
        if them.origin != checkpoint.checkpoint.origin {
            report.failures.append("--checkpoint: it is for origin '\(them.origin)', not '\(checkpoint.checkpoint.origin)'")
        } else if them.size == size {
            if them.root == checkpoint.checkpoint.root {
                report.consistency = "the given checkpoint is the bundle's tree (size \(size), same root)"
            } else {
                report.failures.append("--checkpoint: same size \(size) as the bundle's checkpoint but a different root: the log forked")
            }
        } else if them.size < size {
            checkOlder(them, size: size)
        } else {
            try checkNewer(them, checkpoint: checkpoint.checkpoint, consistency: consistencyText)
        }
    }

    mutating func checkOlder(_ them: Checkpoint, size: UInt64) {
        guard let stored = consistencyProofs[them.size] else {
            report.failures.append(
                "--checkpoint: the bundle holds no consistency proof from size \(them.size); ask the log operator for one ('attest prove --consistency')"
            )
            return
        }
        if stored.proof.verifies(from: them) {
            report.consistency = "the bundle's tree (size \(size)) extends the given checkpoint (size \(them.size))"
        } else {
            report.failures.append(
                "\(BundleFormat.consistencyPath(them.size)): the consistency proof from size \(them.size) does not verify against the given checkpoint: the log forked or was rewritten"
            )
        }
    }

    mutating func checkNewer(_ them: Checkpoint, checkpoint: Checkpoint, consistency consistencyText: String?) throws {
        guard let consistencyText else {
            throw fail(
                "--checkpoint",
                "the given checkpoint (size \(them.size)) is newer than the bundle's (size \(checkpoint.size)): pass --consistency PROOF, made by the log operator with 'attest prove --consistency' from the bundle's checkpoint"
            )
        }
        let proof: ConsistencyProof
        do { proof = try ConsistencyProof(parsing: consistencyText, logKey: logKey, source: "--consistency") } catch let error
            as LedgerError
        {
            throw fail("--consistency", error.message)
        }
        if proof.checkpoint.checkpoint != them {
            report.failures.append(
                "--consistency: the proof leads to size \(proof.checkpoint.checkpoint.size), not to the given checkpoint")
        } else if !proof.verifies(from: checkpoint) {
            report.failures.append(
                "--consistency: the proof from the bundle's size \(checkpoint.size) to \(them.size) does not verify: the log forked or was rewritten"
            )
        } else {
            report.consistency = "the given checkpoint (size \(them.size)) extends the bundle's tree (size \(checkpoint.size))"
        }
    }
}
