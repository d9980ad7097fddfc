import AttestCLI
import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// Complete evidence bundles (docs/bundles.md, "Completeness"): an export recorded with `--as`
/// proves the bundle holds every entry concerning its model version; leaving one out fails, and
/// `verify-bundle` requires the proof unless told `--allow-incomplete`.
@Suite struct CompleteBundleTests {
    func scenario() throws -> CLISandbox {
        let cli = try CLISandbox().initialised(people: ["dana"])
        #expect(cli.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(cli.run("model", "create", "scorer", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        try cli.write("model.bin", "weights")
        try cli.write("test.csv", "x,y\n1,0\n")
        let registered = cli.run(
            "model", "register", "scorer", "--artifact", "model.bin", "--dataset", "test=test.csv", "--code", "https://git.example/s@abc1",
            "--as", "dana")
        #expect(registered.code == 0, "\(registered.err)")
        // A refusal about the version: dana may not approve her own registration.
        #expect(cli.run("approve", "scorer", "1", "--to", "staging", "--as", "dana").code == 1)
        return cli
    }

    @Test func aRecordedExportProvesCompletenessAndLeavingAnEntryOutFails() throws {
        let cli = try scenario()
        let logKey = cli.run("key", "show", "cli.example/log").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let exported = cli.run("export", "scorer", "1", "--out", "b.tar", "--as", "alice")
        #expect(exported.code == 0, "\(exported.err)")
        let verified = cli.run("verify-bundle", "b.tar", "--log-key", logKey, "--require-complete")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("completeness: proven"))
        // The ledger's own verify checks the index tells the truth.
        #expect(cli.run("verify").code == 0)

        // The attack: the same checkpoint, the same index, the refusal left out.
        let registry = try Registry.open(at: cli.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let index = try #require(try registry.ledger.entries(types: [EventType.bundleExported]).last)
        let listed = try JSONDecoder().decode(BundleExported.self, from: Data(index.payload)).entries
        let exporter = BundleExporter(registry: registry)
        let full = try exporter.selection(model: "scorer", version: 1, extra: [index.sequence] + listed)
        let refusal = try #require(full.first { $0.type == EventType.actionRefused })
        let checkpoint = try #require(try registry.ledger.cosignedCheckpoint(size: index.sequence + 1))
        let stripped = try exporter.export(
            model: "scorer", version: 1, entries: full.filter { $0.sequence != refusal.sequence }, checkpoint: checkpoint)
        let report = BundleVerifier(logKey: registry.ledger.logKey).verify(stripped)
        #expect(!report.isValid)
        #expect(report.failures.contains { $0.contains("leaves out") && $0.contains("\(refusal.sequence)") })
        // Leaving out the index too: the bundle no longer proves completeness (and --require-complete fails).
        let noIndex = try exporter.export(
            model: "scorer", version: 1, entries: full.filter { $0.sequence != refusal.sequence && $0.sequence != index.sequence },
            checkpoint: checkpoint)
        let weaker = BundleVerifier(logKey: registry.ledger.logKey).verify(noIndex)
        #expect(weaker.isValid && !weaker.isComplete)
        try Data(noIndex).write(to: cli.folder.appendingPathComponent("weak.tar"))
        #expect(cli.run("verify-bundle", "weak.tar", "--log-key", logKey, "--require-complete").code == 1)
        // Completeness is required by default: the stripped bundle fails without any option.
        let byDefault = cli.run("verify-bundle", "weak.tar", "--log-key", logKey)
        #expect(byDefault.code == 1 && byDefault.err.contains("completeness NOT proven"), "\(byDefault.err)")
    }

    @Test func anExportWithoutAnIndexSaysItCannotProveCompletenessAndIsRefusedUnlessAllowed() throws {
        let cli = try scenario()
        let logKey = cli.run("key", "show", "cli.example/log").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let exported = cli.run("export", "scorer", "1", "--out", "old.tar")
        #expect(exported.code == 0)
        #expect(exported.err.contains("cannot prove that it holds every entry"), "\(exported.err)")
        let refused = cli.run("verify-bundle", "old.tar", "--log-key", logKey)
        #expect(refused.code == 1 && refused.err.contains("--allow-incomplete"), "\(refused.err)")
        let verified = cli.run("verify-bundle", "old.tar", "--log-key", logKey, "--allow-incomplete")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("completeness: NOT proven"))
        let both = cli.run("verify-bundle", "old.tar", "--log-key", logKey, "--allow-incomplete", "--require-complete")
        #expect(both.code == 64)
    }

    @Test func aFalseExportIndexIsCaughtByVerify() throws {
        let cli = try scenario()
        let path = cli.folder.appendingPathComponent("attest.ledger").path
        let registry = try Registry.open(at: path)
        let signer = try Keystore(home: URL(fileURLWithPath: cli.environment["ATTEST_HOME"]!)).load(name: "alice") { nil }
        // An index that leaves out an entry, written around the command.
        let index = BundleExported(model: "scorer", version: 1, entries: [])
        _ = try registry.ledger.append(try EntryDraft(type: EventType.bundleExported, encoding: index), signer: signer)
        let verify = cli.run("verify")
        #expect(verify.code == 1)
        #expect(
            verify.err.contains("the export index of scorer v1 does not list exactly the entries concerning it (it leaves out"),
            "\(verify.err)")
    }
}
