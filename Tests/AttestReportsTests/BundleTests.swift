import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// Evidence bundles: export, offline verification, and tampering.
@Suite(.serialized) struct BundleTests {
    struct Exported {
        let scenario: ReportScenario
        let bytes: [UInt8]
        let logKey: VerifierKey
        let oldCheckpoint: String
        let newCheckpoint: SignedCheckpoint
    }

    /// The scenario's bundle of v2; one more checkpoint is signed after an extra entry, so the
    /// bundle carries a consistency proof from the scenario's own checkpoint.
    static func export() throws -> Exported {
        let scenario = try ReportScenario()
        let ledger = scenario.registry.ledger
        let old = try #require(try ledger.latestCheckpoint())
        scenario.clock.advance()
        try scenario.registry.setAlias("champion", model: ReportScenario.model, version: 2, by: scenario.signer("rick"))
        let checkpoint = try ledger.checkpoint(signedBy: scenario.logSigner)
        let bytes = try BundleExporter(registry: scenario.registry).export(model: ReportScenario.model, version: 2, checkpoint: checkpoint)
        return Exported(scenario: scenario, bytes: bytes, logKey: ledger.logKey, oldCheckpoint: old.serialized, newCheckpoint: checkpoint)
    }

    @Test func anExportedBundleVerifiesOffline() throws {
        let exported = try Self.export()
        defer { exported.scenario.remove() }
        // Deterministic: the same export twice gives the same bytes.
        let again = try BundleExporter(registry: exported.scenario.registry).export(
            model: ReportScenario.model, version: 2, checkpoint: exported.newCheckpoint)
        #expect(again == exported.bytes)
        let report = BundleVerifier(logKey: exported.logKey).verify(exported.bytes)
        #expect(report.isValid, "\(report.failures)")
        #expect(report.entriesVerified == report.entryCount)
        // Policy: the publication and the approval that put it in force.
        #expect(report.reasons["key"] ?? 0 >= 8 && report.reasons["version"] ?? 0 > 5 && report.reasons["policy"] == 2)
        #expect(report.reasons["lineage"] == 1 && report.reasons["model"] == 1 && report.reasons["registry"] == 1)
        #expect(report.decisions.count == 3)
        #expect(report.replay == nil)
        // Every entry about v2 is in it, and every entry is byte for byte the ledger's.
        for entry in report.entries { #expect(try exported.scenario.registry.ledger.entry(at: entry.sequence) == entry) }
        // Consistency with an older checkpoint (proof in the bundle), the same one, a newer one.
        let older = BundleVerifier(logKey: exported.logKey).verify(exported.bytes, against: exported.oldCheckpoint)
        #expect(older.isValid && older.consistency?.contains("extends the given checkpoint") == true, "\(older.failures)")
        let same = BundleVerifier(logKey: exported.logKey).verify(exported.bytes, against: exported.newCheckpoint.serialized)
        #expect(same.isValid)
        let ledger = exported.scenario.registry.ledger
        exported.scenario.clock.advance()
        try exported.scenario.registry.removeAlias("champion", model: ReportScenario.model, by: exported.scenario.signer("rick"))
        let newer = try ledger.checkpoint(signedBy: exported.scenario.logSigner)
        let proof = ConsistencyProof(
            oldSize: exported.newCheckpoint.checkpoint.size,
            hashes: try ledger.consistencyProof(oldSize: exported.newCheckpoint.checkpoint.size, newSize: newer.checkpoint.size),
            checkpoint: newer)
        let later = BundleVerifier(logKey: exported.logKey).verify(exported.bytes, against: newer.serialized, consistency: proof.serialized)
        #expect(later.isValid && later.consistency?.contains("extends the bundle's tree") == true, "\(later.failures)")
        let missing = BundleVerifier(logKey: exported.logKey).verify(exported.bytes, against: newer.serialized)
        #expect(!missing.isValid && missing.failures[0].contains("--consistency"))
    }

    @Test func anotherLogKeyIsRefused() throws {
        let exported = try Self.export()
        defer { exported.scenario.remove() }
        let stranger = try ReportScenario.signer(ReportScenario.origin, seed: 0x77).verifierKey
        let report = BundleVerifier(logKey: stranger).verify(exported.bytes)
        #expect(!report.isValid && report.failures[0].hasPrefix("attest-bundle/log-key.vkey"))
    }

    /// Positions to change in a file: a spread over its header, contents and padding.
    static func positions(header: Int, start: Int, size: Int) -> [(Int, String)] {
        var out: [(Int, String)] = stride(from: header, to: header + 512, by: 41).map { ($0, "header") }
        out.append((header + 100, "header"))
        out.append((header + 150, "header"))
        let picks = size <= 40 ? Array(0..<size) : (0..<24).map { $0 * (size - 1) / 23 } + [1, 2, size - 2]
        out += Set(picks).sorted().map { (start + $0, "contents") }
        let padded = (size + 511) / 512 * 512
        if padded > size { out.append((start + size + (padded - size) / 2, "padding")) }
        return out
    }

    @Test func anyChangedByteFailsNamingThePart() throws {
        let exported = try Self.export()
        defer { exported.scenario.remove() }
        let verifier = BundleVerifier(logKey: exported.logKey)
        // Walk the archive to find each file's header, contents and padding.
        var offset = 0
        var targets: [(Int, String, String)] = []
        let bytes = exported.bytes
        while offset + 512 <= bytes.count, !bytes[offset..<offset + 512].allSatisfy({ $0 == 0 }) {
            let name = String(decoding: bytes[offset..<offset + 100].prefix { $0 != 0 }, as: UTF8.self)
            let size = Int(String(decoding: bytes[offset + 124..<offset + 135], as: UTF8.self), radix: 8)!
            targets += Self.positions(header: offset, start: offset + 512, size: size).map { ($0.0, $0.1, name) }
            offset += 512 + (size + 511) / 512 * 512
        }
        targets += [(offset, "end", "end"), (offset + 700, "end", "end"), (bytes.count - 1, "end", "end")]
        var tried = 0
        for (position, part, name) in targets {
            var changed = bytes
            changed[position] ^= 0x01
            let report = verifier.verify(changed)
            tried += 1
            guard !report.isValid else {
                Issue.record("byte \(position) (\(part) of \(name)) changed and the bundle still verifies")
                continue
            }
            let named = report.failures.contains { failure in
                failure.contains(name) || failure.hasPrefix("tar structure")
                    || (part == "contents" && failure.contains(BundleFormat.manifestPath))
            }
            #expect(named, "byte \(position) (\(part) of \(name)): failures do not name the part: \(report.failures.prefix(3))")
        }
        #expect(tried > 500)
        // Truncated and extended bundles fail too.
        #expect(!verifier.verify(Array(bytes.dropLast(512))).isValid)
        #expect(!verifier.verify(bytes + [0]).isValid)
    }

    @Test func outputPathsMayNotEscapeTheirFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inner"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dots = #expect(throws: ReportError.self) { try SafeOutput.write([1], to: folder.appendingPathComponent("inner/../x")) }
        #expect(dots?.code == .badInput)
        #expect(dots?.message.contains("an output path may not contain '..'") == true, "\(String(describing: dots))")
        let link = folder.appendingPathComponent("inner/link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder.appendingPathComponent("victim"))
        let linked = #expect(throws: ReportError.self) { try SafeOutput.write([1], to: link) }
        #expect(linked?.code == .badInput)
        #expect(
            linked?.message.contains("is a symbolic link; Attest does not write through links") == true, "\(String(describing: linked))")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("victim").path))
        try SafeOutput.write([1, 2, 3], to: folder.appendingPathComponent("inner/ok.bundle"))
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("inner/ok.bundle").path) == Data([1, 2, 3]))
    }
}
