import Dispatch
import Foundation
import GRDB

/// Checks a whole ledger from its entries alone: every signature, the hash chain, the sequence,
/// the times, signer validity, the stored Merkle nodes, every stored checkpoint and, when given,
/// consistency with a checkpoint held outside the ledger.
public struct LedgerVerifier: Sendable {
    /// How many entries are read and checked at a time.
    public var batchSize = 8192
    /// How many threads verify signatures.
    public var parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// A verifier with default settings.
    public init() {}

    /// Verifies `ledger`.
    /// - Parameters:
    ///   - ledger: the ledger.
    ///   - external: a checkpoint held outside the ledger (already signature-checked).
    ///   - progress: called after each batch with (entries checked, total).
    /// - Returns: the report; `isValid` is false when anything is wrong.
    /// - Throws: `LedgerError` only for storage failures.
    public func verify(
        _ ledger: Ledger, against external: SignedCheckpoint? = nil,
        progress: (@Sendable (UInt64, UInt64) -> Void)? = nil
    ) throws -> VerificationReport {
        try ledger.read { db in try verify(db: db, ledger: ledger, external: external, progress: progress) }
    }

    private func verify(
        db: Database, ledger: Ledger, external: SignedCheckpoint?, progress: (@Sendable (UInt64, UInt64) -> Void)?
    ) throws -> VerificationReport {
        let total = UInt64(try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0)
        let checkpoints = try Row.fetchAll(db, sql: "SELECT size, note FROM checkpoints ORDER BY size").map {
            (size: UInt64($0["size"] as Int64), note: $0["note"] as String)
        }
        var wantedRoots = Set(checkpoints.map(\.size))
        if let external { wantedRoots.insert(external.checkpoint.size) }
        var walk = Walk(wantedRoots: wantedRoots)
        var afterSeq: Int64 = -1
        let read = try db.makeStatement(
            sql: """
                SELECT e.seq, e.time_us, e.prev_hash, e.signer, e.type, e.payload, e.signature, n.hash AS node
                FROM entries e LEFT JOIN merkle_nodes n ON n.level = 0 AND n.idx = e.seq
                WHERE e.seq > ? ORDER BY e.seq LIMIT \(batchSize)
                """)
        while true {
            // A cursor's rows are read in place (no row copies): a million entries pass here.
            var rows: [StoredEntryRow] = []
            rows.reserveCapacity(batchSize)
            let cursor = try Row.fetchCursor(read, arguments: [afterSeq])
            while let row = try cursor.next() {
                rows.append(
                    StoredEntryRow(
                        sequence: UInt64(row[0] as Int64), entry: Result { try LedgerSchema.entry(from: row) }, leaf: row[7] as Data?))
            }
            guard let last = rows.last else { break }
            afterSeq = Int64(last.sequence)
            let (entries, keys) = walk.decode(rows)  // in order: fields, sequence, time, signer
            let results = verifyBatch(entries: entries, keys: keys)  // in parallel: leaf hashes, signatures
            let stored = try StoredNodeWindow(db: db, first: walk.range.size, count: UInt64(entries.count))
            walk.link(entries, keys: keys, results: results, storedLeaves: rows.map(\.leaf), storedNodes: stored)  // in order
            progress?(walk.report.entriesChecked, total)
        }
        var report = walk.report
        report.root = walk.range.root
        checkStoredTree(walk.range, db: db, report: &report)
        checkCheckpoints(
            checkpoints, external: external, logKey: walk.directory.logKey ?? ledger.logKey, origin: ledger.origin,
            rootsAt: walk.rootsAt, size: walk.range.size, report: &report)
        report.sortInLogOrder()
        return report
    }

    /// The stored tree must match the recomputed one: proofs are built from it.
    private func checkStoredTree(_ range: CompactRange, db: Database, report: inout VerificationReport) {
        guard range.size > 0 else { return }
        let storedRoot = try? MerkleProofBuilder(source: StoredNodes(db: db)).root(size: range.size)
        if storedRoot != range.root {
            report.add(
                VerificationProblem(
                    .rootMismatch, at: nil,
                    "the stored Merkle tree's root at size \(range.size) does not match the entries; proofs from it would fail"))
        }
    }

    /// Every stored checkpoint (signed by the log key, matching the entries) and the external one.
    private func checkCheckpoints(
        _ checkpoints: [(size: UInt64, note: String)], external: SignedCheckpoint?, logKey: VerifierKey, origin: String,
        rootsAt: [UInt64: Digest], size: UInt64, report: inout VerificationReport
    ) {
        for stored in checkpoints {
            report.checkpointsChecked += 1
            guard let signed = try? SignedCheckpoint(parsing: stored.note, logKey: logKey) else {
                report.add(
                    VerificationProblem(
                        .badCheckpointSignature, at: nil,
                        "stored checkpoint at size \(stored.size) is not validly signed by the log key \(logKey.name)"))
                continue
            }
            check(signed.checkpoint, label: "stored checkpoint", rootsAt: rootsAt, size: size, report: &report)
        }
        guard let external else { return }
        if external.checkpoint.origin != origin {
            report.add(
                VerificationProblem(
                    .inconsistentCheckpoint, at: nil, "the checkpoint is for origin '\(external.checkpoint.origin)', not '\(origin)'"))
        } else {
            check(external.checkpoint, label: "the given checkpoint", rootsAt: rootsAt, size: size, report: &report)
        }
    }

    private func check(
        _ checkpoint: Checkpoint, label: String, rootsAt: [UInt64: Digest], size: UInt64, report: inout VerificationReport
    ) {
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

    /// Leaf hashes and signature checks for a batch, spread over `parallelism` threads.
    private func verifyBatch(entries: [Entry?], keys: [PublicKey?]) -> [(Digest, Bool)] {
        let count = entries.count
        let results = UnsafeMutableBufferPointer<(Digest, Bool)>.allocate(capacity: count)
        results.initialize(repeating: (.zero, false))
        defer { results.deallocate() }
        let chunks = min(parallelism, max(1, count))
        let base = UncheckedSendable(results)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = count * chunk / chunks
            let upper = count * (chunk + 1) / chunks
            for index in lower..<upper {
                guard let entry = entries[index] else { continue }
                let body = entry.body
                let leafHash = MerkleHash.leaf(body + entry.signature)
                let valid = keys[index]?.isValidSignature(entry.signature, for: body) ?? false
                base.value[index] = (leafHash, valid)
            }
        }
        return Array(results)
    }
}

/// One stored entry as read: its sequence number, its fields (or why they cannot be read) and
/// its stored Merkle leaf.
private struct StoredEntryRow {
    let sequence: UInt64
    let entry: Result<Entry, any Error>
    let leaf: Data?
}

/// The state of one pass over the log: what the entries so far establish (keys, the tree, the
/// last time and hash) and the problems found.
private struct Walk {
    let wantedRoots: Set<UInt64>
    var report = VerificationReport()
    var directory = KeyDirectory()
    var range = CompactRange()
    var rootsAt: [UInt64: Digest] = [:]
    var expected: UInt64 = 0
    var lastTime = Int64.min
    var lastHash = Digest.zero

    init(wantedRoots: Set<UInt64>) {
        self.wantedRoots = wantedRoots
    }

    /// In order: decodes each row, checks the sequence, the time, the type and that the signer
    /// is a key valid at that entry, and applies key entries.
    /// - Returns: the entries (`nil` for a row that cannot be read) and each signer's key.
    mutating func decode(_ rows: [StoredEntryRow]) -> ([Entry?], [PublicKey?]) {
        var entries: [Entry?] = []
        var keys: [PublicKey?] = []
        entries.reserveCapacity(rows.count)
        keys.reserveCapacity(rows.count)
        for row in rows {
            guard let entry = decodeOne(row.entry, seq: row.sequence) else {
                entries.append(nil)
                keys.append(nil)
                continue
            }
            entries.append(entry)
            keys.append(signerKey(entry))
            expected += 1
        }
        return (entries, keys)
    }

    private mutating func decodeOne(_ read: Result<Entry, any Error>, seq: UInt64) -> Entry? {
        let entry: Entry
        do {
            entry = try read.get()
        } catch {
            report.add(VerificationProblem(.malformedEntry, at: seq, (error as? LedgerError)?.message ?? "the row cannot be read"))
            return nil
        }
        if seq != expected {
            report.add(
                VerificationProblem(
                    .gap, at: expected,
                    seq > expected ? "entries \(expected) to \(seq - 1) are missing" : "sequence number \(seq) is out of order"))
            expected = seq
        }
        if entry.timeMicros < lastTime {
            report.add(VerificationProblem(.timeRegression, at: seq, "time \(entry.time) is earlier than the previous entry's"))
        }
        lastTime = entry.timeMicros
        if !EntryEncoding.isValidType(entry.type) {
            report.add(VerificationProblem(.malformedEntry, at: seq, "type '\(entry.type)' is not a valid entry type"))
        }
        return entry
    }

    /// The key that may sign `entry` (the genesis pins its own), then the entry's key changes.
    private mutating func signerKey(_ entry: Entry) -> PublicKey? {
        let seq = entry.sequence
        var key: PublicKey?
        if seq == 0 {
            var genesisDirectory = KeyDirectory()
            try? genesisDirectory.apply(entry)
            key = genesisDirectory.validKey(entry.signer, at: 0)?.key.publicKey
        } else {
            key = directory.validKey(entry.signer, at: seq)?.key.publicKey
        }
        if key == nil {
            report.add(
                VerificationProblem(.unknownSigner, at: seq, "signer \(entry.signer.hex.prefix(16))… is not a key valid at this entry"))
        }
        do {
            try directory.apply(entry)
        } catch let error as LedgerError {
            report.add(VerificationProblem(.malformedEntry, at: seq, error.message))
        } catch {
            report.add(VerificationProblem(.malformedEntry, at: seq, "\(error)"))
        }
        return key
    }

    /// In order: the signature results, the chain links, the stored leaf and every stored
    /// interior node it completes, and the roots that checkpoints need.
    mutating func link(
        _ entries: [Entry?], keys: [PublicKey?], results: [(Digest, Bool)], storedLeaves: [Data?], storedNodes: StoredNodeWindow
    ) {
        for (offset, entry) in entries.enumerated() {
            guard let entry else { continue }
            let (leafHash, signatureValid) = results[offset]
            if keys[offset] != nil {
                report.signaturesChecked += 1
                if !signatureValid {
                    report.add(
                        VerificationProblem(.badSignature, at: entry.sequence, "the signature does not verify over the entry's bytes"))
                }
            }
            if entry.previousHash != lastHash {
                report.add(
                    VerificationProblem(
                        .brokenLink, at: entry.sequence,
                        "previous hash \(entry.previousHash.hex.prefix(16))… is not the hash of entry \(Int64(entry.sequence) - 1) (\(lastHash.hex.prefix(16))…)"
                    ))
            }
            if storedLeaves[offset].flatMap({ Digest([UInt8]($0)) }) != leafHash {
                report.add(VerificationProblem(.rootMismatch, at: entry.sequence, "the stored Merkle leaf does not match the entry"))
            }
            lastHash = leafHash
            // Every stored interior node must match too: proofs are built from them.
            for node in range.append(leafHash) where node.level > 0 {
                if storedNodes.hash(level: node.level, index: node.index) != node.hash {
                    let first = node.index << UInt64(node.level)
                    report.add(
                        VerificationProblem(
                            .rootMismatch, at: entry.sequence,
                            "the stored Merkle node at level \(node.level), index \(node.index) (entries \(first) to \(entry.sequence)) does not match the entries; proofs through it would fail"
                        ))
                }
            }
            if wantedRoots.contains(range.size) { rootsAt[range.size] = range.root }
            report.entriesChecked += 1
        }
    }
}

/// Carries a buffer into `concurrentPerform`, where each iteration writes a disjoint slice.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
