import AttestLedger
import Dispatch
import Foundation
import PostgresNIO
import Synchronization

/// One pass over a PostgreSQL log in order: what the entries so far establish (keys, the tree,
/// the last time and hash) and the problems found, with the kinds and wording of the SQLite
/// verifier (`LedgerVerifier`), so both stores report a damaged log the same way.
struct LogWalk {
    let wantedRoots: Set<UInt64>
    var report = VerificationReport()
    var directory = KeyDirectory()
    var range = CompactRange()
    var rootsAt: [UInt64: Digest] = [:]
    private var expected: UInt64 = 0
    private var lastTime = Int64.min
    private var lastHash = Digest.zero

    init(wantedRoots: Set<UInt64>) { self.wantedRoots = wantedRoots }

    /// Checks a batch of rows in order. The signatures are checked first on every core, each with
    /// the key valid for its signer as the batch begins; the walk then uses an outcome only where
    /// it finds that same key valid for the entry (a key added or revoked inside the batch is
    /// checked again, in order), so the result is the sequential walk's.
    mutating func check(_ rows: [PostgresRow], interior: [NodeKey: Digest]) {
        let entries = rows.map { try? PostgresStatements.entry(from: $0) }
        let snapshot = directory
        let keys = entries.map { entry in entry.flatMap { snapshot.validKey($0.signer, at: $0.sequence)?.key.publicKey } }
        let outcomes = Self.signatureChecks(entries, keys: keys)
        for (index, row) in rows.enumerated() {
            let ahead = keys[index].flatMap { key in outcomes[index].map { (key: key, valid: $0) } }
            check(row, decoded: entries[index], interior: interior, ahead: ahead)
        }
    }

    /// Each entry's signature checked with its key, spread over the cores; `nil` without a key.
    static func signatureChecks(_ entries: [Entry?], keys: [PublicKey?]) -> [Bool?] {
        let count = entries.count
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count))
        let parts = Mutex<[Int: [Bool?]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let part = (count * chunk / chunks..<count * (chunk + 1) / chunks).map { index -> Bool? in
                guard let entry = entries[index], let key = keys[index] else { return nil }
                return key.isValidSignature(entry.signature, for: entry.body)
            }
            parts.withLock { $0[chunk] = part }
        }
        return parts.withLock { parts in (0..<chunks).flatMap { parts[$0] ?? [] } }
    }

    /// Checks one row: entry columns, then the stored leaf hash. `decoded` is the row's entry when
    /// it decoded for the signature checks (`nil`: decoded again here, to report why not); `ahead`
    /// is a signature check made before the walk reached the row, and the key it used.
    private mutating func check(
        _ row: PostgresRow, decoded: Entry?, interior: [NodeKey: Digest], ahead: (key: PublicKey, valid: Bool)?
    ) {
        let entry: Entry
        let storedLeaf: Data?
        do {
            entry = try decoded ?? PostgresStatements.entry(from: row)
            storedLeaf = try row.decode((Int64, Int64, Data, Data, String, Data, Data, Data?).self).7
        } catch {
            let seq = (try? row.decode(Int64.self)).map { UInt64(max(0, $0)) }
            report.add(VerificationProblem(.malformedEntry, at: seq, (error as? LedgerError)?.message ?? "the row cannot be read"))
            return
        }
        let seq = entry.sequence
        if seq != expected {
            report.add(
                VerificationProblem(
                    .gap, at: expected,
                    seq > expected ? "entries \(expected) to \(seq - 1) are missing" : "sequence number \(seq) is out of order"))
            expected = seq
        }
        expected += 1
        if entry.timeMicros < lastTime {
            report.add(VerificationProblem(.timeRegression, at: seq, "time \(entry.time) is earlier than the previous entry's"))
        }
        lastTime = entry.timeMicros
        if !EntryEncoding.isValidType(entry.type) {
            report.add(VerificationProblem(.malformedEntry, at: seq, "type '\(entry.type)' is not a valid entry type"))
        }
        checkSigner(entry, ahead: ahead)
        if entry.previousHash != lastHash {
            report.add(
                VerificationProblem(
                    .brokenLink, at: seq,
                    "previous hash \(entry.previousHash.hex.prefix(16))… is not the hash of entry \(Int64(seq) - 1) (\(lastHash.hex.prefix(16))…)"
                ))
        }
        let leafHash = entry.leafHash
        if storedLeaf.flatMap({ Digest([UInt8]($0)) }) != leafHash {
            report.add(VerificationProblem(.rootMismatch, at: seq, "the stored Merkle leaf does not match the entry"))
        }
        lastHash = leafHash
        for node in range.append(leafHash) where node.level > 0 {
            if interior[NodeKey(level: node.level, index: node.index)] != node.hash {
                report.add(
                    VerificationProblem(
                        .rootMismatch, at: seq,
                        "the stored Merkle node at level \(node.level), index \(node.index) does not match the entries; proofs through it would fail"
                    ))
            }
        }
        if wantedRoots.contains(range.size) { rootsAt[range.size] = range.root }
        report.entriesChecked += 1
    }

    /// The signer must be a key valid at the entry (the genesis pins its own) and its signature
    /// must verify; then the entry's key changes apply.
    private mutating func checkSigner(_ entry: Entry, ahead: (key: PublicKey, valid: Bool)?) {
        let seq = entry.sequence
        var keys = directory
        if seq == 0 { try? keys.apply(entry) }
        if let key = keys.validKey(entry.signer, at: seq)?.key.publicKey {
            report.signaturesChecked += 1
            let valid = ahead.flatMap { $0.key == key ? $0.valid : nil } ?? key.isValidSignature(entry.signature, for: entry.body)
            if !valid {
                report.add(VerificationProblem(.badSignature, at: seq, "the signature does not verify over the entry's bytes"))
            }
        } else {
            report.add(
                VerificationProblem(.unknownSigner, at: seq, "signer \(entry.signer.hex.prefix(16))… is not a key valid at this entry"))
        }
        do {
            try directory.apply(entry)
        } catch {
            report.add(VerificationProblem(.malformedEntry, at: seq, (error as? LedgerError)?.message ?? "\(error)"))
        }
    }

    /// Every stored checkpoint (signed by the log key, matching the entries) and the external one.
    mutating func checkCheckpoints(
        _ checkpoints: [(size: UInt64, note: String)], external: SignedCheckpoint?, logKey: VerifierKey, origin: String
    ) {
        for stored in checkpoints {
            report.checkpointsChecked += 1
            guard let signed = try? SignedCheckpoint(parsing: stored.note, logKey: logKey), signed.checkpoint.size == stored.size else {
                report.add(
                    VerificationProblem(
                        .badCheckpointSignature, at: nil,
                        "stored checkpoint at size \(stored.size) is not validly signed by the log key \(logKey.name)"))
                continue
            }
            check(signed.checkpoint, label: "stored checkpoint")
        }
        guard let external else { return }
        if external.checkpoint.origin != origin {
            report.add(
                VerificationProblem(
                    .inconsistentCheckpoint, at: nil, "the checkpoint is for origin '\(external.checkpoint.origin)', not '\(origin)'"))
        } else {
            check(external.checkpoint, label: "the given checkpoint")
        }
    }

    private mutating func check(_ checkpoint: Checkpoint, label: String) {
        let size = range.size
        if checkpoint.size > size {
            report.add(
                VerificationProblem(
                    .inconsistentCheckpoint, at: size,
                    "\(label) commits to \(checkpoint.size) entries but the log has \(size): entries \(size) to \(checkpoint.size - 1) are missing (truncated or rolled back)"
                ))
        } else if checkpoint.size == 0 {
            if checkpoint.root != MerkleHash.empty {
                report.add(VerificationProblem(.inconsistentCheckpoint, at: nil, "\(label) at size 0 has a non-empty root"))
            }
        } else if rootsAt[checkpoint.size] != checkpoint.root {
            report.add(
                VerificationProblem(
                    .inconsistentCheckpoint, at: checkpoint.size - 1,
                    "\(label) at size \(checkpoint.size) has root \(checkpoint.root.base64) but entries 0 to \(checkpoint.size - 1) hash to \(rootsAt[checkpoint.size]?.base64 ?? "?"): history was rewritten"
                ))
        }
    }
}
