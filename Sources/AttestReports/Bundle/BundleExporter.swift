import AttestLedger
import AttestRegistry
import Foundation

/// Writes the evidence bundle of one model version.
public struct BundleExporter: Sendable {
    /// The registry read.
    public let registry: Registry

    /// Makes an exporter.
    public init(registry: Registry) { self.registry = registry }

    /// The entries the bundle of `model` `version` holds: the entries about the version, the
    /// model's creation, the lineage's registrations, every entry a decision cites, the policy
    /// sets the decisions used, the genesis and every key entry, the registry's role catalogue,
    /// and the actor entries (additions, grants, revocations) of everyone who signed one of them.
    /// - Throws: `ReportError` (`.badInput`) for an unknown model or version.
    /// - Parameter extra: more entries to hold (an export index and the entries it lists).
    public func selection(model: String, version: Int, extra: [UInt64] = []) throws -> [Entry] {
        let ledger = registry.ledger
        let info = try registry.model(model)
        guard let subject = info.versions.first(where: { $0.version == version }) else {
            throw ReportError(
                .badInput,
                "\(model) has no version \(version); its versions are \(info.versions.map { "v\($0.version)" }.joined(separator: ", "))")
        }
        var chosen: [UInt64: Entry] = [:]
        func add(_ entries: [Entry]) { for entry in entries { chosen[entry.sequence] = entry } }
        let modelEntries = try ReportCollector.modelEntries(model, ledger: ledger)
        var lineage = Set<Int>()
        var next: Int? = version
        while let current = next, !lineage.contains(current) {
            lineage.insert(current)
            next = info.versions.first { $0.version == current }?.registration.parent
        }
        add(
            modelEntries.filter { entry in
                if entry.type == EventType.modelCreated { return true }
                let entryVersion = ReportCollector.version(of: entry)
                if entry.type == EventType.versionRegistered { return entryVersion.map(lineage.contains) ?? false }
                return entryVersion == version
            })
        _ = subject
        for seq in extra where chosen[seq] == nil { add([try ledger.entry(at: seq)]) }
        // What decisions cite, and the policy sets they used.
        let policies = try ledger.entries(types: ["policy.published"])
        let collector = ReportCollector(registry: registry, now: Date(timeIntervalSince1970: 0), generator: "")
        for decision in chosen.values.filter({ EntryKind(type: $0.type) == .decision }).sorted(by: { $0.sequence < $1.sequence }) {
            for seq in JSONValue(parsing: decision.payload)?.citedEntries ?? [] where seq < decision.sequence && chosen[seq] == nil {
                add([try ledger.entry(at: seq)])
            }
            if let policy = collector.decisionPolicy(decision, policies), chosen[policy] == nil { add([try ledger.entry(at: policy)]) }
        }
        // The approvals that put those policy sets in force (their publication quorum).
        let publications = Set(chosen.values.filter { $0.type == EventType.policyPublished }.map(\.sequence))
        add(
            try ledger.entries(types: [EventType.policyApproved]).filter { entry in
                (try? JSONDecoder().decode(PolicyApproved.self, from: Data(entry.payload))).map { publications.contains($0.publication) }
                    ?? false
            })
        // Keys, the role catalogue, and the actors who signed.
        add(
            try ledger.entries(types: [
                LedgerEntryType.genesis, LedgerEntryType.keyAdded, LedgerEntryType.keyRotated, LedgerEntryType.keyRevoked,
                EventType.registryInitialized, EventType.roleDefined,
            ]))
        let directory = try ledger.keyDirectory()
        let signers = Set(chosen.values.compactMap { directory.records[$0.signer]?.key.name })
        struct NamesActor: Decodable { var actor: String? }
        let actorEntries = try ledger.entries(types: [
            EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked, EventType.actorDeactivated,
        ]).filter { entry in
            (try? JSONDecoder().decode(NamesActor.self, from: Data(entry.payload)))?.actor.map(signers.contains) ?? false
        }
        add(actorEntries)
        return chosen.keys.sorted().map { chosen[$0]! }
    }

    /// Writes the bundle.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - checkpoint: a signed checkpoint whose tree holds every selected entry.
    /// - Returns: the bundle's bytes.
    /// - Throws: `ReportError` (`.badInput`) when the checkpoint does not cover the selection.
    public func export(model: String, version: Int, checkpoint: SignedCheckpoint) throws -> [UInt8] {
        try export(model: model, version: version, entries: try selection(model: model, version: version), checkpoint: checkpoint)
    }

    /// Writes the bundle of an explicit selection (see `selection(model:version:)`).
    public func export(model: String, version: Int, entries: [Entry], checkpoint: SignedCheckpoint) throws -> [UInt8] {
        let ledger = registry.ledger
        let size = checkpoint.checkpoint.size
        guard checkpoint.checkpoint.origin == ledger.origin, checkpoint.note.isSigned(by: ledger.logKey) else {
            throw ReportError(.badInput, "the checkpoint is not a checkpoint of \(ledger.origin) signed by its log key")
        }
        if let last = entries.last, last.sequence >= size {
            throw ReportError(
                .badInput,
                "entry \(last.sequence) is newer than the checkpoint (size \(size)); sign a newer checkpoint with 'attest checkpoint'")
        }
        guard try ledger.root(size: size) == checkpoint.checkpoint.root else {
            throw ReportError(.verificationFailed, "the checkpoint at size \(size) does not match this ledger's tree; run 'attest verify'")
        }
        var hashed: [(Entry, Digest)] = []
        hashed.reserveCapacity(entries.count)
        var proofs: [[UInt8]] = []
        proofs.reserveCapacity(entries.count)
        let source = try InclusionProofs(ledger: ledger, size: size, count: entries.count)
        for entry in entries {
            let hashes = try source.proof(for: entry.sequence)
            let proof = InclusionProof(index: entry.sequence, hashes: hashes, checkpoint: checkpoint, extra: entry.leaf)
            hashed.append((entry, entry.leafHash))
            proofs.append(Array(proof.serialized.utf8))
        }
        var out: [UInt8] = []
        out.reserveCapacity(proofs.reduce(0) { $0 + $1.count + 1024 } + 8192)
        let manifest = BundleFormat.manifest(origin: ledger.origin, model: model, version: version, treeSize: size, entries: hashed)
        Tar.append(name: BundleFormat.manifestPath, contents: Array(manifest.utf8), to: &out)
        Tar.append(name: BundleFormat.logKeyPath, contents: Array((ledger.logKey.description + "\n").utf8), to: &out)
        Tar.append(name: BundleFormat.checkpointPath, contents: Array(checkpoint.serialized.utf8), to: &out)
        for stored in try ledger.storedCheckpoints() where stored.size > 0 && stored.size < size {
            guard let old = try? SignedCheckpoint(parsing: stored.note, logKey: ledger.logKey) else { continue }
            let proof = ConsistencyProof(
                oldSize: old.checkpoint.size, hashes: try ledger.consistencyProof(oldSize: old.checkpoint.size, newSize: size),
                checkpoint: checkpoint)
            Tar.append(name: BundleFormat.olderCheckpointPath(old.checkpoint.size), contents: Array(old.serialized.utf8), to: &out)
            Tar.append(name: BundleFormat.consistencyPath(old.checkpoint.size), contents: Array(proof.serialized.utf8), to: &out)
        }
        for (index, (entry, _)) in hashed.enumerated() {
            Tar.append(name: BundleFormat.entryPath(entry.sequence), contents: proofs[index], to: &out)
        }
        Tar.finish(&out)
        return out
    }
}
