import AttestLedger
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
    /// The bundle's checkpoint note as read (with any witness cosignatures), for witness checks.
    public var checkpointNote = ""
    /// Whether the bundle proves it holds every entry concerning its model version (docs/bundles.md).
    public var isComplete = false
    /// What the completeness check found, for people.
    public var completeness = "not checked"
    /// The verified entries, in order (for replay and inspection). `verify(file:)` keeps only
    /// leaf hashes while streaming, and fills this only when it replays decisions.
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

    /// The largest bundle file `verify(file:)` reads by default: 1 GiB. A larger file is refused
    /// before any byte is read (`ReportError.badInput`, exit 2); pass a larger `maximumBytes`
    /// (`verify-bundle --max-size`) to read it anyway.
    public static let maximumBundleBytes = 1 << 30
    /// The largest member of a bundle: 32 MiB, room for an entry proof of the largest entry
    /// (a 16 MiB payload, base64-encoded in the proof's `extra` line).
    public static let maximumMemberBytes = 32 << 20

    /// Verifies a bundle held in memory.
    /// - Parameters:
    ///   - bytes: the bundle file.
    ///   - other: a checkpoint held by the auditor (older, equal or newer), to check consistency.
    ///   - consistency: for a newer `other`, the consistency proof from the bundle's checkpoint
    ///     (`attest prove --consistency CHECKPOINT` by the log operator).
    /// - Returns: the report; `isValid` false names every failing part. Stops at the first
    ///   structural failure (a part that cannot be read), and otherwise checks every entry.
    public func verify(_ bytes: [UInt8], against other: String? = nil, consistency: String? = nil) -> BundleReport {
        run(
            TarStream(bytes: bytes, maximumMemberBytes: Self.maximumMemberBytes), retainEntries: true, against: other,
            consistency: consistency
        ) { TarStream(bytes: bytes, maximumMemberBytes: Self.maximumMemberBytes) }
    }

    /// Verifies a bundle file, streaming it: memory holds the manifest, one batch of proofs and
    /// each entry's leaf hash, never the whole file. When the bundle holds decisions and a replay
    /// is given, a second pass reads the entries for it (each bound to the first pass by its leaf
    /// hash); ``BundleReport/entries`` is filled only then.
    /// - Parameters:
    ///   - url: the bundle file.
    ///   - maximumBytes: the largest file accepted (default ``maximumBundleBytes``).
    ///   - other: a checkpoint held by the auditor, as in `verify(_:against:consistency:)`.
    ///   - consistency: a consistency proof to a newer `other`.
    /// - Returns: the report.
    /// - Throws: `ReportError` (`.badInput`) when the file cannot be opened, is not a regular
    ///   file, or is larger than `maximumBytes`.
    public func verify(
        file url: URL, maximumBytes: Int = maximumBundleBytes, against other: String? = nil, consistency: String? = nil
    ) throws -> BundleReport {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ReportError(.badInput, "\(url.path): cannot open the bundle: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ReportError(.badInput, "\(url.path): not a regular file")
        }
        guard Int(status.st_size) <= maximumBytes else {
            throw ReportError(
                .badInput,
                "\(url.path) is \(status.st_size) bytes; verify-bundle reads at most \(maximumBytes) bytes (docs/bundles.md, \"Limits\"); pass --max-size BYTES to read a larger bundle"
            )
        }
        let stream = TarStream(handle: handle, path: url.path, maximumMemberBytes: Self.maximumMemberBytes)
        return run(stream, retainEntries: false, against: other, consistency: consistency) {
            try handle.seek(toOffset: 0)
            return TarStream(handle: handle, path: url.path, maximumMemberBytes: Self.maximumMemberBytes)
        }
    }

    /// The steps of docs/bundles.md, "What verify-bundle checks", in order.
    private func run(
        _ stream: TarStream, retainEntries: Bool, against other: String?, consistency: String?, reread: () throws -> TarStream
    ) -> BundleReport {
        var run = BundleRun(logKey: logKey, stream: stream, retainEntries: retainEntries)
        do {
            try run.readHead()
            try run.readEntries(startingWith: try run.readConsistencyPairs())
            run.checkManifest()
            if let other { try run.checkAuditorCheckpoint(other, consistency: consistency) }
            try run.replayDecisions(replay, reread: reread)
        } catch let error as ReportError {
            run.report.failures.append(error.message)
        } catch let error as LedgerError {
            run.report.failures.append(error.message)
        } catch {
            run.report.failures.append("\(error)")
        }
        return run.report
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
}
