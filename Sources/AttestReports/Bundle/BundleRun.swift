import AttestLedger
import Dispatch
import Foundation

/// One verification of a bundle, step by step, reading the archive as a stream (docs/bundles.md,
/// "What verify-bundle checks"): the head (manifest, log key, checkpoint), the consistency
/// pairs, the entries in batches (proofs and signatures checked in parallel, keys applied in
/// order, each entry's manifest line compared as it comes), then the rest of the manifest, the
/// auditor's checkpoint and the decisions' replay.
///
/// Without `retainEntries`, the entries are not kept: only their leaf hashes (32 bytes each).
/// Replay, which needs them, then reads the archive a second time (`reread`), and every entry
/// of that pass must have the leaf hash the first pass verified.
struct BundleRun {
    /// Entry proofs parsed and checked at a time.
    static let batchCount = 2_048
    /// Bytes of entry proofs held at a time, at most (plus one member).
    static let batchBytes = 8 << 20

    let logKey: VerifierKey
    var report = BundleReport()
    var stream: TarStream
    /// Keep the decoded entries (for `BundleReport.entries`); otherwise only their leaf hashes.
    let retainEntries: Bool

    // The head.
    private(set) var manifest: [UInt8] = []
    /// Where the next unread manifest line starts, and its 0-based number.
    private var manifestCursor = 0
    private var manifestLine = 0
    /// The first manifest line that differs from what the entries give, and the expected text.
    private var manifestMismatch: (line: Int, expected: String)?
    private(set) var checkpointText = ""
    private(set) var checkpoint: SignedCheckpoint?
    // Consistency proofs by old size.
    private(set) var consistencyProofs: [UInt64: (old: SignedCheckpoint, proof: ConsistencyProof)] = [:]
    // The entries (when retained) and their leaf hashes (32 bytes each, concatenated), in order.
    private(set) var entries: [Entry] = []
    private(set) var leafHashes: [UInt8] = []
    private var entryCount = 0
    private var directory = KeyDirectory()
    private var completeness = BundleCompleteness()

    init(logKey: VerifierKey, stream: TarStream, retainEntries: Bool) {
        self.logKey = logKey
        self.stream = stream
        self.retainEntries = retainEntries
    }

    func fail(_ part: String, _ message: String) -> ReportError { ReportError(.verificationFailed, "\(part): \(message)") }

    // MARK: The head

    /// Reads the manifest, the log key and the checkpoint; checks the key and the checkpoint's
    /// signature and reads the manifest's subject.
    mutating func readHead() throws {
        var head: [Tar.File] = []
        while head.count < 3, let file = try stream.next() { head.append(file) }
        guard head.count == 3, head[0].name == BundleFormat.manifestPath, head[1].name == BundleFormat.logKeyPath,
            head[2].name == BundleFormat.checkpointPath
        else {
            throw fail(
                "tar structure",
                "the archive must start with \(BundleFormat.manifestPath), \(BundleFormat.logKeyPath) and \(BundleFormat.checkpointPath)")
        }
        guard let keyText = String(validating: head[1].contents, as: UTF8.self), keyText == logKey.description + "\n" else {
            throw fail(BundleFormat.logKeyPath, "the bundle's log key is not the key given with --log-key (\(logKey.description))")
        }
        guard let text = String(validating: head[2].contents, as: UTF8.self) else {
            throw fail(BundleFormat.checkpointPath, "not UTF-8 text")
        }
        let checkpoint: SignedCheckpoint
        do { checkpoint = try SignedCheckpoint(parsing: text, logKey: logKey) } catch let error as LedgerError {
            throw fail(BundleFormat.checkpointPath, error.message)
        }
        guard checkpoint.serialized == text else {
            throw fail(BundleFormat.checkpointPath, "not in canonical form (extra or reordered bytes)")
        }
        self.checkpoint = checkpoint
        checkpointText = text
        report.checkpointNote = text
        report.origin = checkpoint.checkpoint.origin
        report.treeSize = checkpoint.checkpoint.size
        guard String(validating: head[0].contents, as: UTF8.self) != nil else {
            throw fail(BundleFormat.manifestPath, "not UTF-8 text")
        }
        manifest = head[0].contents
        var lines: [String] = []
        while lines.count < 6, let line = nextManifestLine() { lines.append(line) }
        guard lines.first == BundleFormat.header else {
            throw fail(BundleFormat.manifestPath, "line 1 must be '\(BundleFormat.header)'")
        }
        func field(_ index: Int, _ name: String) throws -> String {
            guard lines.count > index, lines[index].hasPrefix(name + " ") else {
                throw fail(BundleFormat.manifestPath, "line \(index + 1) must start with '\(name) '")
            }
            return String(lines[index].dropFirst(name.count + 1))
        }
        report.model = try field(2, "model")
        guard let version = Int(try field(3, "version")) else {
            throw fail(BundleFormat.manifestPath, "line 4: the version is not a number")
        }
        report.version = version
        let expected = BundleFormat.manifestHead(
            origin: checkpoint.checkpoint.origin, model: report.model, version: version, treeSize: checkpoint.checkpoint.size)
        for (index, line) in expected.enumerated() where index >= lines.count || lines[index] != line {
            compare(line: index, lines.count > index ? lines[index] : nil, expected: line)
        }
        headLines = lines
    }

    /// The manifest's first six lines as read (the `entries` line is checked at the end).
    private var headLines: [String] = []

    /// The next manifest line (without its newline), or `nil` at the end; a last line without a
    /// newline is returned with a marker so that it never equals an expected line.
    private mutating func nextManifestLine() -> String? {
        guard manifestCursor < manifest.count else { return nil }
        let end = manifest[manifestCursor...].firstIndex(of: 0x0A)
        let line = String(decoding: manifest[manifestCursor..<(end ?? manifest.count)], as: UTF8.self)
        manifestCursor = end.map { $0 + 1 } ?? manifest.count
        manifestLine += 1
        return end == nil ? line + "\u{0}(no newline)" : line
    }

    /// Records the first difference between a manifest line and what the entries give.
    private mutating func compare(line: Int, _ got: String?, expected: String) {
        guard got != expected, manifestMismatch.map({ line < $0.line }) ?? true else { return }
        manifestMismatch = (line, expected)
    }

    // MARK: Consistency pairs

    /// Reads the consistency pairs; returns the first member after them (an entry proof), if any.
    mutating func readConsistencyPairs() throws -> Tar.File? {
        guard let checkpoint else { return nil }
        var next = try stream.next()
        while let checkpointFile = next, checkpointFile.name.hasPrefix(BundleFormat.folder + "consistency/") {
            guard let proofFile = try stream.next() else {
                throw fail(checkpointFile.name, "a consistency checkpoint must be followed by its proof")
            }
            guard let oldText = String(validating: checkpointFile.contents, as: UTF8.self),
                let old = try? SignedCheckpoint(parsing: oldText, logKey: logKey), old.serialized == oldText,
                checkpointFile.name == BundleFormat.olderCheckpointPath(old.checkpoint.size)
            else { throw fail(checkpointFile.name, "not a checkpoint signed by the log key, in canonical form, under its size's name") }
            guard let text = String(validating: proofFile.contents, as: UTF8.self),
                let proof = try? ConsistencyProof(parsing: text, logKey: nil, source: proofFile.name),
                proof.serialized == text, proofFile.name == BundleFormat.consistencyPath(old.checkpoint.size),
                proof.oldSize == old.checkpoint.size
            else { throw fail(proofFile.name, "not a consistency proof from \(checkpointFile.name) in canonical form") }
            guard proof.checkpoint.serialized == checkpointText else {
                throw fail(proofFile.name, "it leads to a checkpoint other than the bundle's")
            }
            if !proof.verifies(from: old.checkpoint) {
                report.failures.append(
                    "\(proofFile.name): the consistency proof from size \(old.checkpoint.size) to \(checkpoint.checkpoint.size) does not verify"
                )
            }
            consistencyProofs[old.checkpoint.size] = (old, proof)
            next = try stream.next()
        }
        return next
    }

    // MARK: Entries

    /// Reads every entry proof, starting with `first`, in batches: each batch's proofs are parsed
    /// and checked in parallel, then its entries' keys are applied in order and their signatures
    /// checked in parallel. Only the entries stay in memory, not the proof files.
    mutating func readEntries(startingWith first: Tar.File?) throws {
        var pending = first
        var previous: UInt64?
        var verified = 0
        while let head = pending {
            var batch = [head]
            var bytes = head.contents.count
            pending = nil
            while batch.count < Self.batchCount, bytes < Self.batchBytes, let file = try stream.next() {
                batch.append(file)
                bytes += file.contents.count
            }
            if batch.count == Self.batchCount || bytes >= Self.batchBytes { pending = try stream.next() }
            verified += try checkBatch(batch, previous: &previous)
        }
        guard sawGenesis else {
            throw fail(BundleFormat.entryPath(0), "the bundle must hold the genesis entry 0, which names the log key and the first signer")
        }
        report.entryCount = entryCount
        report.entriesVerified = verified
    }

    private var sawGenesis = false

    /// Checks one batch of entry proofs; returns how many entries fully verified.
    private mutating func checkBatch(_ files: [Tar.File], previous: inout UInt64?) throws -> Int {
        guard let checkpoint else { return 0 }
        let parsed = ResultBuffer<Result<(Entry, Digest, Bool), ReportError>>(count: files.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count / 64 + 1))
        let tail = "\n\n" + checkpointText
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in (files.count * worker / workers)..<(files.count * (worker + 1) / workers) {
                parsed.set(position, BundleVerifier.readEntryProof(files[position], tail: tail, checkpoint: checkpoint))
            }
        }
        var batch: [Entry] = []
        var keys: [PublicKey?] = []
        var included: [Bool] = []
        for (position, result) in parsed.values.enumerated() {
            let (entry, leafHash, isIncluded) = try result.get()
            if let previous, entry.sequence <= previous {
                throw fail(files[position].name, "entries must be in increasing order")
            }
            if entryCount == 0 && batch.isEmpty && (entry.type != LedgerEntryType.genesis || entry.sequence != 0) {
                throw fail(
                    BundleFormat.entryPath(0), "the bundle must hold the genesis entry 0, which names the log key and the first signer")
            }
            previous = entry.sequence
            if !isIncluded {
                report.failures.append(
                    "\(files[position].name): the inclusion proof of entry \(entry.sequence) (\(entry.type)) does not lead to the checkpoint's root (size \(checkpoint.checkpoint.size))"
                )
            }
            keys.append(signingKey(entry))
            batch.append(entry)
            included.append(isIncluded)
            leafHashes += leafHash.bytes
            let reason = BundleFormat.reason(entry, model: report.model, version: report.version)
            report.reasons[reason, default: 0] += 1
            if EntryKind(type: entry.type) == .decision { report.decisions.append(entry.sequence) }
            completeness.observe(entry, model: report.model, version: report.version)
            let lineNumber = manifestLine
            compare(line: lineNumber, nextManifestLine(), expected: BundleFormat.manifestLine(entry, leafHash: leafHash, reason: reason))
        }
        let valid = ResultBuffer<Bool>(count: batch.count)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / 64 + 1))
        let (frozenEntries, frozenKeys) = (batch, keys)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for position in (frozenEntries.count * chunk / chunks)..<(frozenEntries.count * (chunk + 1) / chunks) {
                let entry = frozenEntries[position]
                valid.set(position, frozenKeys[position]?.isValidSignature(entry.signature, for: entry.body) ?? false)
            }
        }
        var verified = 0
        for (position, isValid) in valid.values.enumerated() {
            let entry = batch[position]
            if keys[position] == nil {
                report.failures.append(
                    "\(BundleFormat.entryPath(entry.sequence)): entry \(entry.sequence) (\(entry.type)) is signed by key \(entry.signer.hex.prefix(16))…, which no key entry in the bundle makes valid at that point"
                )
            } else if !isValid {
                report.failures.append(
                    "\(BundleFormat.entryPath(entry.sequence)): the signature of entry \(entry.sequence) (\(entry.type)) does not verify")
            } else if included[position] {
                verified += 1
            }
        }
        if retainEntries { entries += batch }
        entryCount += batch.count
        sawGenesis = sawGenesis || (batch.first.map { $0.sequence == 0 && $0.type == LedgerEntryType.genesis } ?? false)
        return verified
    }

    /// The key valid for `entry`'s signer at its sequence number, from the bundle's own key
    /// entries applied in log order (the genesis pins its own signer and the log key).
    private mutating func signingKey(_ entry: Entry) -> PublicKey? {
        let key: PublicKey?
        if entry.sequence == 0 {
            var genesis = KeyDirectory()
            try? genesis.apply(entry)
            key = genesis.validKey(entry.signer, at: 0)?.key.publicKey
            if genesis.logKey != logKey {
                report.failures.append(
                    "\(BundleFormat.entryPath(0)): the genesis names log key \(genesis.logKey?.description ?? "none"), not \(logKey.description)"
                )
            }
        } else {
            key = directory.validKey(entry.signer, at: entry.sequence)?.key.publicKey
        }
        do { try directory.apply(entry) } catch let error as LedgerError {
            report.failures.append("\(BundleFormat.entryPath(entry.sequence)): \(error.message)")
        } catch {
            report.failures.append("\(BundleFormat.entryPath(entry.sequence)): \(error)")
        }
        return key
    }

    // MARK: The manifest

    /// The manifest must be exactly what the entries give: its `entries` line, and nothing after
    /// the last entry's line (the other lines were compared as they came).
    mutating func checkManifest() {
        compare(line: 5, headLines.count > 5 ? headLines[5] : nil, expected: "entries \(entryCount)")
        let end = manifestLine
        if let extra = nextManifestLine() { compare(line: end, extra, expected: "end of file") }
        if let mismatch = manifestMismatch {
            report.failures.append(
                "\(BundleFormat.manifestPath): line \(mismatch.line + 1) does not match the bundle's entries (expected '\(mismatch.expected)')"
            )
        }
        report.entries = entries
        let verdict = completeness.evaluate(treeSize: report.treeSize, model: report.model, version: report.version)
        report.isComplete = verdict.complete
        report.completeness = verdict.summary
        report.failures += verdict.failures
    }

    // MARK: Decisions

    /// Replays the decisions with the bundle's own policy sets, when everything else verified.
    /// - Parameter reread: a new stream over the same archive, for a second pass when the entries
    ///   were not retained.
    mutating func replayDecisions(_ replay: DecisionReplay?, reread: () throws -> TarStream) throws {
        guard let replay, report.failures.isEmpty else { return }
        if !retainEntries {
            guard !report.decisions.isEmpty else {
                report.replay = []
                return
            }
            entries = try rereadEntries(try reread())
            report.entries = entries
        }
        let results = try replay(entries)
        report.replay = results
        for result in results where !result.matches {
            report.failures.append("\(BundleFormat.entryPath(result.entry)): decision replay: \(result.detail)")
        }
    }

    /// The entries again, from a second pass over the archive; each must have the leaf hash the
    /// first pass verified, so a file changed between the passes fails instead of being replayed.
    private func rereadEntries(_ again: TarStream) throws -> [Entry] {
        var again = again
        var out: [Entry] = []
        out.reserveCapacity(entryCount)
        let tail = "\n\n" + checkpointText
        guard let checkpoint else { return [] }
        while let file = try again.next() {
            guard file.name.hasPrefix(BundleFormat.folder + "entries/") else { continue }
            let (entry, leafHash, _) = try BundleVerifier.readEntryProof(file, tail: tail, checkpoint: checkpoint).get()
            let position = out.count
            guard position < entryCount, leafHash.bytes[...] == leafHashes[position * 32..<position * 32 + 32] else {
                throw fail(file.name, "the bundle changed while it was being verified (second pass for decision replay)")
            }
            out.append(entry)
        }
        guard out.count == entryCount else {
            throw fail("tar structure", "the bundle changed while it was being verified (second pass for decision replay)")
        }
        return out
    }
}
