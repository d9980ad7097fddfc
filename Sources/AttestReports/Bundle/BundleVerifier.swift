import AttestLedger
import Dispatch
import Foundation

/// The result of replaying one recorded decision.
public struct DecisionReplayResult: Sendable, Equatable {
    /// The decision's entry.
    public var entry: UInt64
    /// Whether the replay reproduced the recorded decision.
    public var matches: Bool
    /// What differs, or a short confirmation.
    public var detail: String

    /// Makes a result.
    public init(entry: UInt64, matches: Bool, detail: String) {
        self.entry = entry
        self.matches = matches
        self.detail = detail
    }
}

/// Replays the decisions among verified entries with the policy sets among them. Supplied by
/// the governance layer; the verifier reports "not replayed" without one.
public typealias DecisionReplay = @Sendable (_ entries: [Entry]) throws -> [DecisionReplayResult]

/// What `verify-bundle` found.
public struct BundleReport: Sendable {
    /// The origin.
    public var origin: String = ""
    /// The model and version.
    public var model: String = ""
    /// The version.
    public var version: Int = 0
    /// The checkpoint's size.
    public var treeSize: UInt64 = 0
    /// Entries whose signature and inclusion verified.
    public var entriesVerified = 0
    /// Entries in the bundle.
    public var entryCount = 0
    /// Entries by manifest reason.
    public var reasons: [String: Int] = [:]
    /// Decisions found among the entries.
    public var decisions: [UInt64] = []
    /// Replay results, or nil when no replay was available.
    public var replay: [DecisionReplayResult]?
    /// Consistency with the given checkpoint: a sentence, when one was given.
    public var consistency: String?
    /// The verified entries, in order (for replay and inspection).
    public var entries: [Entry] = []
    /// What failed, each naming the part: empty when the bundle verifies.
    public var failures: [String] = []

    /// Whether everything verified.
    public var isValid: Bool { failures.isEmpty }

    /// An empty report, filled in by `BundleVerifier`.
    public init() {}
}

/// Verifies an evidence bundle with nothing but the log's verifier key (docs/bundles.md).
public struct BundleVerifier: Sendable {
    /// The trusted log key.
    public let logKey: VerifierKey
    /// Decision replay, when the governance layer provides one.
    public let replay: DecisionReplay?

    /// Makes a verifier.
    public init(logKey: VerifierKey, replay: DecisionReplay? = nil) {
        self.logKey = logKey
        self.replay = replay
    }

    /// Verifies a bundle.
    /// - Parameters:
    ///   - bytes: the bundle file.
    ///   - other: a checkpoint held by the auditor (older, equal or newer), to check consistency.
    ///   - consistency: for a newer `other`, the consistency proof from the bundle's checkpoint
    ///     (`attest prove --consistency CHECKPOINT` by the log operator).
    /// - Returns: the report; `isValid` false names every failing part. Stops at the first
    ///   structural failure (a part that cannot be read), and otherwise checks every entry.
    public func verify(_ bytes: [UInt8], against other: String? = nil, consistency: String? = nil) -> BundleReport {
        var report = BundleReport()
        do {
            try verify(bytes, other: other, consistencyText: consistency, into: &report)
        } catch let error as ReportError {
            report.failures.append(error.message)
        } catch let error as LedgerError {
            report.failures.append(error.message)
        } catch {
            report.failures.append("\(error)")
        }
        return report
    }

    /// Reads one `entries/S.proof`: a C2SP tlog-proof whose checkpoint part is byte for byte the
    /// bundle's checkpoint (so it is not parsed again), with the leaf as `extra`.
    static func readEntryProof(_ file: Tar.File, tail: String, checkpoint: SignedCheckpoint) -> Result<(Entry, Digest, Bool), ReportError> {
        func fail(_ message: String) -> Result<(Entry, Digest, Bool), ReportError> {
            .failure(ReportError(.verificationFailed, "\(file.name): \(message)"))
        }
        guard let text = String(validating: file.contents, as: UTF8.self) else { return fail("not UTF-8 text") }
        guard text.hasSuffix(tail) else { return fail("the proof's checkpoint differs from \(BundleFormat.checkpointPath)") }
        let head = text.dropLast(tail.count)
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == InclusionProof.header[...] else {
            return fail("line 1 must be '\(InclusionProof.header)', followed by 'extra' and 'index' lines")
        }
        guard lines[1].hasPrefix("extra "), let leaf = Data(base64Encoded: String(lines[1].dropFirst(6))).map([UInt8].init),
            Data(leaf).base64EncodedString() == lines[1].dropFirst(6)
        else { return fail("line 2: 'extra' is not followed by canonical base64 of the entry's leaf bytes") }
        guard lines[2].hasPrefix("index "), let index = UInt64(lines[2].dropFirst(6)), String(index) == lines[2].dropFirst(6) else {
            return fail("line 3: expected 'index <decimal without leading zeros>'")
        }
        var hashes: [Digest] = []
        for (offset, line) in lines.dropFirst(3).enumerated() {
            guard line.count == 44, let digest = Digest(base64: String(line)), digest.base64 == line else {
                return fail("line \(offset + 4): not canonical base64 of a 32-byte hash")
            }
            hashes.append(digest)
        }
        guard hashes.count <= 64 else { return fail("more than 64 proof hashes") }
        guard file.name == BundleFormat.entryPath(index) else {
            return fail("the proof is for entry \(index); its file must be named \(BundleFormat.entryPath(index))")
        }
        let entry: Entry
        do { entry = try EntryEncoding.decode(leaf: leaf) } catch let error as LedgerError {
            return fail("entry bytes: \(error.message)")
        } catch { return fail("entry bytes: \(error)") }
        guard entry.sequence == index else {
            return fail("the entry says it is number \(entry.sequence) but the proof is for index \(index)")
        }
        let leafHash = MerkleHash.leaf(leaf)
        let included = MerkleProofVerifier.verifyInclusion(
            leafHash: leafHash, index: index, size: checkpoint.checkpoint.size, proof: hashes, root: checkpoint.checkpoint.root)
        return .success((entry, leafHash, included))
    }

    private func verify(_ bytes: [UInt8], other: String?, consistencyText: String?, into report: inout BundleReport) throws {
        func fail(_ part: String, _ message: String) -> ReportError { ReportError(.verificationFailed, "\(part): \(message)") }
        let files = try Tar.read(bytes)
        guard files.count >= 3, files[0].name == BundleFormat.manifestPath, files[1].name == BundleFormat.logKeyPath,
            files[2].name == BundleFormat.checkpointPath
        else {
            throw fail(
                "tar structure",
                "the archive must start with \(BundleFormat.manifestPath), \(BundleFormat.logKeyPath) and \(BundleFormat.checkpointPath)")
        }
        // The log key and the checkpoint.
        guard let keyText = String(validating: files[1].contents, as: UTF8.self), keyText == logKey.description + "\n" else {
            throw fail(BundleFormat.logKeyPath, "the bundle's log key is not the key given with --log-key (\(logKey.description))")
        }
        guard let checkpointText = String(validating: files[2].contents, as: UTF8.self) else {
            throw fail(BundleFormat.checkpointPath, "not UTF-8 text")
        }
        let checkpoint: SignedCheckpoint
        do { checkpoint = try SignedCheckpoint(parsing: checkpointText, logKey: logKey) } catch let error as LedgerError {
            throw fail(BundleFormat.checkpointPath, error.message)
        }
        guard checkpoint.serialized == checkpointText else {
            throw fail(BundleFormat.checkpointPath, "not in canonical form (extra or reordered bytes)")
        }
        let size = checkpoint.checkpoint.size
        report.origin = checkpoint.checkpoint.origin
        report.treeSize = size
        // The manifest's header.
        guard let manifest = String(validating: files[0].contents, as: UTF8.self) else {
            throw fail(BundleFormat.manifestPath, "not UTF-8 text")
        }
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func field(_ index: Int, _ name: String) throws -> String {
            guard lines.count > index, lines[index].hasPrefix(name + " ") else {
                throw fail(BundleFormat.manifestPath, "line \(index + 1) must start with '\(name) '")
            }
            return String(lines[index].dropFirst(name.count + 1))
        }
        guard lines.first == BundleFormat.header else { throw fail(BundleFormat.manifestPath, "line 1 must be '\(BundleFormat.header)'") }
        let model = try field(2, "model")
        guard let version = Int(try field(3, "version")) else {
            throw fail(BundleFormat.manifestPath, "line 4: the version is not a number")
        }
        report.model = model
        report.version = version

        // Consistency proofs, then entries.
        var index = 3
        var consistencyProofs: [UInt64: (old: SignedCheckpoint, proof: ConsistencyProof)] = [:]
        while index + 1 < files.count, files[index].name.hasPrefix(BundleFormat.folder + "consistency/") {
            let (checkpointFile, proofFile) = (files[index], files[index + 1])
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
                    "\(proofFile.name): the consistency proof from size \(old.checkpoint.size) to \(size) does not verify")
            }
            consistencyProofs[old.checkpoint.size] = (old, proof)
            index += 2
        }
        // Entry proofs: parsed and checked in parallel, results gathered in order.
        let proofFiles = Array(files[index...])
        let parsed = ResultBuffer<Result<(Entry, Digest, Bool), ReportError>>(count: proofFiles.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, proofFiles.count / 64 + 1))
        let tail = "\n\n" + checkpointText
        let frozenCheckpoint = checkpoint
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for position in (proofFiles.count * worker / workers)..<(proofFiles.count * (worker + 1) / workers) {
                parsed.set(position, Self.readEntryProof(proofFiles[position], tail: tail, checkpoint: frozenCheckpoint))
            }
        }
        var entries: [Entry] = []
        var leafHashes: [Digest] = []
        entries.reserveCapacity(proofFiles.count)
        leafHashes.reserveCapacity(proofFiles.count)
        var previous: UInt64?
        var inclusionFailed = Set<UInt64>()
        for (position, result) in parsed.values.enumerated() {
            let (entry, leafHash, included) = try result.get()
            if let previous, entry.sequence <= previous {
                throw fail(proofFiles[position].name, "entries must be in increasing order")
            }
            previous = entry.sequence
            if !included {
                inclusionFailed.insert(entry.sequence)
                report.failures.append(
                    "\(proofFiles[position].name): the inclusion proof of entry \(entry.sequence) (\(entry.type)) does not lead to the checkpoint's root (size \(size))"
                )
            }
            entries.append(entry)
            leafHashes.append(leafHash)
        }
        report.entryCount = entries.count

        // Signatures, with the keys the bundle's own key entries make valid, applied in order.
        guard entries.first?.type == LedgerEntryType.genesis, entries.first?.sequence == 0 else {
            throw fail(BundleFormat.entryPath(0), "the bundle must hold the genesis entry 0, which names the log key and the first signer")
        }
        var directory = KeyDirectory()
        var keys: [PublicKey?] = []
        keys.reserveCapacity(entries.count)
        for entry in entries {
            if entry.sequence == 0 {
                var genesis = KeyDirectory()
                try? genesis.apply(entry)
                keys.append(genesis.validKey(entry.signer, at: 0)?.key.publicKey)
                if genesis.logKey != logKey {
                    report.failures.append(
                        "\(BundleFormat.entryPath(0)): the genesis names log key \(genesis.logKey?.description ?? "none"), not \(logKey.description)"
                    )
                }
            } else {
                keys.append(directory.validKey(entry.signer, at: entry.sequence)?.key.publicKey)
            }
            do { try directory.apply(entry) } catch let error as LedgerError {
                report.failures.append("\(BundleFormat.entryPath(entry.sequence)): \(error.message)")
            }
        }
        let valid = ResultBuffer<Bool>(count: entries.count)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, entries.count / 64 + 1))
        let (frozenEntries, frozenKeys) = (entries, keys)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for position in (frozenEntries.count * chunk / chunks)..<(frozenEntries.count * (chunk + 1) / chunks) {
                let entry = frozenEntries[position]
                valid.set(position, frozenKeys[position]?.isValidSignature(entry.signature, for: entry.body) ?? false)
            }
        }
        let signatureResults = valid.values
        var verified = 0
        for (position, entry) in entries.enumerated() {
            if keys[position] == nil {
                report.failures.append(
                    "\(BundleFormat.entryPath(entry.sequence)): entry \(entry.sequence) (\(entry.type)) is signed by key \(entry.signer.hex.prefix(16))…, which no key entry in the bundle makes valid at that point"
                )
            } else if !signatureResults[position] {
                report.failures.append(
                    "\(BundleFormat.entryPath(entry.sequence)): the signature of entry \(entry.sequence) (\(entry.type)) does not verify")
            } else if !inclusionFailed.contains(entry.sequence) {
                verified += 1
            }
        }
        report.entriesVerified = verified

        // The manifest must be exactly what the entries give.
        let expected = BundleFormat.manifest(
            origin: checkpoint.checkpoint.origin, model: model, version: version, treeSize: size,
            entries: Array(zip(entries, leafHashes)))
        if expected != manifest {
            let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(wanted, lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(wanted.count, lines.count)
            report.failures.append(
                "\(BundleFormat.manifestPath): line \(line + 1) does not match the bundle's entries (expected '\(line < wanted.count ? String(wanted[line]) : "end of file")')"
            )
        }
        for entry in entries {
            report.reasons[BundleFormat.reason(entry, model: model, version: version), default: 0] += 1
        }
        report.decisions = entries.filter { EntryKind(type: $0.type) == .decision }.map(\.sequence)
        report.entries = entries

        // Consistency with the auditor's checkpoint.
        if let other {
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
                    report.failures.append(
                        "--checkpoint: same size \(size) as the bundle's checkpoint but a different root: the log forked")
                }
            } else if them.size < size {
                if let stored = consistencyProofs[them.size] {
                    if stored.proof.verifies(from: them) {
                        report.consistency = "the bundle's tree (size \(size)) extends the given checkpoint (size \(them.size))"
                    } else {
                        report.failures.append(
                            "\(BundleFormat.consistencyPath(them.size)): the consistency proof from size \(them.size) does not verify against the given checkpoint: the log forked or was rewritten"
                        )
                    }
                } else {
                    report.failures.append(
                        "--checkpoint: the bundle holds no consistency proof from size \(them.size); ask the log operator for one ('attest prove --consistency')"
                    )
                }
            } else {
                guard let consistencyText else {
                    throw fail(
                        "--checkpoint",
                        "the given checkpoint (size \(them.size)) is newer than the bundle's (size \(size)): pass --consistency PROOF, made by the log operator with 'attest prove --consistency' from the bundle's checkpoint"
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
                } else if !proof.verifies(from: checkpoint.checkpoint) {
                    report.failures.append(
                        "--consistency: the proof from the bundle's size \(size) to \(them.size) does not verify: the log forked or was rewritten"
                    )
                } else {
                    report.consistency = "the given checkpoint (size \(them.size)) extends the bundle's tree (size \(size))"
                }
            }
        }

        // Decisions, replayed with the bundle's own policy sets.
        if let replay, report.failures.isEmpty {
            let results = try replay(entries)
            report.replay = results
            for result in results where !result.matches {
                report.failures.append("\(BundleFormat.entryPath(result.entry)): decision replay: \(result.detail)")
            }
        }
    }
}
