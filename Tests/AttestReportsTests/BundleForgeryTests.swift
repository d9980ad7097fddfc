import AttestLedger
import AttestRegistry
import Foundation
import Testing

@testable import AttestReports

/// Bundles forged by whoever holds the log key (the operator): the checkpoint and every
/// inclusion proof are valid for the forged tree, so only the verifier's own checks (entry
/// signatures, which keys were valid when, the genesis, the order of entries, the auditor's
/// checkpoint) can refuse them. The operator can sign checkpoints but not actors' entries.
@Suite(.serialized) struct BundleForgeryTests {
    /// The scenario with rick's key rotated, then an alias set by rick's new key.
    static func scenario() throws -> (ReportScenario, oldRick: Signer, aliasEntry: UInt64) {
        let scenario = try ReportScenario()
        let oldRick = scenario.signer("rick")
        let newRick = try ReportScenario.signer("rick", seed: 0x55)
        scenario.clock.advance()
        try scenario.registry.rotateKey(from: oldRick, to: newRick)
        scenario.clock.advance()
        try scenario.registry.setAlias("champion", model: ReportScenario.model, version: 2, by: newRick)
        return (scenario, oldRick, try scenario.registry.ledger.size() - 1)
    }

    /// The bundle of v2 over the ledger's entries with `forged` in place of theirs, proofs from
    /// the forged tree, and a checkpoint of it signed with the real log key; `repeating` puts
    /// that entry in twice (with a manifest that lists it twice).
    static func bundle(_ scenario: ReportScenario, forged: [Entry] = [], repeating: UInt64? = nil) throws -> [UInt8] {
        let ledger = scenario.registry.ledger
        var all = try ledger.entries()
        for entry in forged { all[Int(entry.sequence)] = entry }
        let tree = MemoryTree(leaves: all.map(\.leafHash))
        let size = UInt64(all.count)
        let checkpoint = try SignedCheckpoint(
            checkpoint: Checkpoint(origin: ledger.origin, size: size, root: tree.root), signer: scenario.logSigner)
        var selected = try BundleExporter(registry: scenario.registry).selection(model: ReportScenario.model, version: 2)
            .map { all[Int($0.sequence)] }
        if let repeating, let index = selected.firstIndex(where: { $0.sequence == repeating }) {
            selected.insert(selected[index], at: index)
        }
        let manifest = BundleFormat.manifest(
            origin: ledger.origin, model: ReportScenario.model, version: 2, treeSize: size,
            entries: selected.map { ($0, $0.leafHash) })
        var out: [UInt8] = []
        Tar.append(name: BundleFormat.manifestPath, contents: Array(manifest.utf8), to: &out)
        Tar.append(name: BundleFormat.logKeyPath, contents: Array((ledger.logKey.description + "\n").utf8), to: &out)
        Tar.append(name: BundleFormat.checkpointPath, contents: Array(checkpoint.serialized.utf8), to: &out)
        for entry in selected {
            let proof = InclusionProof(
                index: entry.sequence, hashes: tree.inclusionProof(index: Int(entry.sequence)), checkpoint: checkpoint,
                extra: entry.leaf)
            Tar.append(name: BundleFormat.entryPath(entry.sequence), contents: Array(proof.serialized.utf8), to: &out)
        }
        Tar.finish(&out)
        return out
    }

    /// `entry` with another payload and/or signer, signed by `signer` (or keeping its signature).
    static func altered(_ entry: Entry, payload: [UInt8]? = nil, signedBy signer: Signer? = nil) -> Entry {
        let fingerprint = signer?.verifierKey.fingerprint ?? entry.signer
        let payload = payload ?? entry.payload
        let body = EntryEncoding.body(
            sequence: entry.sequence, timeMicros: entry.timeMicros, previousHash: entry.previousHash, signer: fingerprint,
            type: entry.type, payload: payload)
        return Entry(
            sequence: entry.sequence, timeMicros: entry.timeMicros, previousHash: entry.previousHash, signer: fingerprint,
            type: entry.type, payload: payload, signature: signer.map { $0.key.signature(for: body) } ?? entry.signature)
    }

    @Test func anHonestBundleBuiltThisWayVerifies() throws {
        let (scenario, _, _) = try Self.scenario()
        defer { scenario.remove() }
        let report = BundleVerifier(logKey: scenario.registry.ledger.logKey).verify(try Self.bundle(scenario))
        #expect(report.isValid, "\(report.failures)")
        #expect(report.entriesVerified == report.entryCount)
    }

    @Test func anEntryWhosePayloadWasChangedAfterSigningIsRefusedThoughItsProofIsValid() throws {
        let (scenario, _, alias) = try Self.scenario()
        defer { scenario.remove() }
        let original = try scenario.registry.ledger.entry(at: alias)
        let payload = String(decoding: original.payload, as: UTF8.self).replacingOccurrences(of: "champion", with: "forged!!")
        let forged = Self.altered(original, payload: Array(payload.utf8))
        let report = BundleVerifier(logKey: scenario.registry.ledger.logKey).verify(try Self.bundle(scenario, forged: [forged]))
        #expect(!report.isValid)
        #expect(
            report.failures == ["\(BundleFormat.entryPath(alias)): the signature of entry \(alias) (\(EventType.aliasSet)) does not verify"]
        )
    }

    @Test func anEntrySignedWithARotatedKeyIsRefused() throws {
        let (scenario, oldRick, alias) = try Self.scenario()
        defer { scenario.remove() }
        let original = try scenario.registry.ledger.entry(at: alias)
        let forged = Self.altered(original, signedBy: oldRick)
        let report = BundleVerifier(logKey: scenario.registry.ledger.logKey).verify(try Self.bundle(scenario, forged: [forged]))
        #expect(!report.isValid)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.contains("which no key entry in the bundle makes valid at that point") == true)
    }

    @Test func aGenesisNamingAnotherLogKeyIsRefused() throws {
        let (scenario, _, _) = try Self.scenario()
        defer { scenario.remove() }
        let ledger = scenario.registry.ledger
        let genesis = try ledger.entry(at: 0)
        let rogue = try ReportScenario.signer(ReportScenario.origin, seed: 0x66)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(genesis.payload)) as? [String: Any])
        object["logKey"] = rogue.verifierKey.description
        let payload = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let forged = Self.altered(genesis, payload: Array(payload), signedBy: scenario.signer("alice"))
        let report = BundleVerifier(logKey: ledger.logKey).verify(try Self.bundle(scenario, forged: [forged]))
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.contains("the genesis names log key \(rogue.verifierKey.description)") })
    }

    @Test func anEntryRepeatedInTheBundleIsRefused() throws {
        let (scenario, _, alias) = try Self.scenario()
        defer { scenario.remove() }
        let report = BundleVerifier(logKey: scenario.registry.ledger.logKey).verify(try Self.bundle(scenario, repeating: alias))
        #expect(!report.isValid)
        #expect(report.failures == ["\(BundleFormat.entryPath(alias)): entries must be in increasing order"])
    }

    @Test func anAuditorsCheckpointOfTheSameSizeWithAnotherRootIsAFork() throws {
        let (scenario, _, _) = try Self.scenario()
        defer { scenario.remove() }
        let ledger = scenario.registry.ledger
        let bytes = try Self.bundle(scenario)
        let size = try ledger.size()
        let forkedRoot = MerkleHash.leaf(Array("another history".utf8))
        let fork = try SignedCheckpoint(
            checkpoint: Checkpoint(origin: ledger.origin, size: size, root: forkedRoot), signer: scenario.logSigner)
        let report = BundleVerifier(logKey: ledger.logKey).verify(bytes, against: fork.serialized)
        #expect(!report.isValid)
        #expect(report.consistency == nil)
        #expect(report.failures.contains { $0.contains("same size \(size)") && $0.contains("the log forked") })
    }
}
