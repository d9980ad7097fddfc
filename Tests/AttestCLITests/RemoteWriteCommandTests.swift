import AttestCLI
import AttestLedger
import AttestRegistry
import Foundation
import Testing

/// The remaining commands against `attest serve`: the same command lines, run on one ledger
/// locally and on another through a server, print the same output and exit with the same codes;
/// the read commands print what they print on the served file itself.
@Suite struct RemoteWriteCommandTests {
    /// Every write command with `--server`, in an order that builds a governed model.
    static let script: [[String]] = [
        ["actor", "add", "dana", "--role", "data-scientist", "--as", "alice"],
        ["actor", "add", "polly", "--role", "policy-admin", "--as", "alice"],
        ["actor", "add", "rita", "--role", "risk-officer", "--as", "alice"],
        ["actor", "grant", "rita", "validator", "--as", "alice"],
        ["model", "create", "credit-scoring", "--owner", "dana", "--purpose", "p", "--risk-tier", "high", "--as", "dana"],
        [
            "model", "register", "credit-scoring", "--artifact", "model.bin", "--dataset", "test=eval.csv", "--code",
            "https://g.example/r@abc", "--param", "lr=0.1", "--metric", "auc=0.8", "--as", "dana",
        ],
        // Polly is no data scientist: refused (exit 1) and recorded.
        ["model", "register", "credit-scoring", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--as", "polly"],
        // The environment is read on the client and recorded as the server's registry records it.
        [
            "model", "register", "credit-scoring", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--environment",
            "requirements.txt", "--as", "dana",
        ],
        ["policy", "publish", "policies", "--as", "polly"],
        // The same set again: nothing recorded, exit 0, the same sentence.
        ["policy", "publish", "policies", "--as", "polly"],
        ["policy", "approve", "--as", "rita", "--comment", "reviewed"],
        ["evaluate", "credit-scoring", "1", "--data", "eval.csv", "--label", "y", "--prediction", "p", "--sensitive", "g", "--as", "dana"],
        ["monitor", "credit-scoring", "1", "--reference", "eval.csv", "--current", "live/eval.csv", "--columns", "p", "g", "--as", "dana"],
        // Unknown version: bad input (exit 2), nothing recorded.
        ["evaluate", "credit-scoring", "9", "--data", "eval.csv", "--label", "y", "--prediction", "p", "--as", "dana"],
        // A column the file lacks: bad input (exit 2).
        ["evaluate", "credit-scoring", "1", "--data", "eval.csv", "--label", "nope", "--prediction", "p", "--as", "dana"],
        ["evidence", "attach", "credit-scoring", "1", "--kind", "model_card", "--file", "card.md", "--store", "--as", "dana"],
        ["deploy", "credit-scoring", "1", "--environment", "dev-1", "--traffic", "50", "--as", "alice"],
        // A development version in production: refused by the serving gate (exit 1), recorded.
        ["deploy", "credit-scoring", "1", "--environment", "prod-us", "--as", "alice"],
        ["alias", "set", "credit-scoring", "challenger", "1", "--as", "alice"],
        ["alias", "set", "credit-scoring", "champion", "1", "--as", "alice"],
        ["reject", "credit-scoring", "1", "--to", "staging", "--as", "rita", "--comment", "not yet"],
        ["approval", "withdraw", "credit-scoring", "1", "--to", "staging", "--as", "rita"],
        // Nothing left to withdraw: bad input (exit 2), as locally.
        ["approval", "withdraw", "credit-scoring", "1", "--to", "staging", "--as", "rita"],
        ["alias", "remove", "credit-scoring", "challenger", "--as", "alice"],
        ["actor", "revoke", "rita", "validator", "--as", "alice"],
        ["deprecate", "credit-scoring", "1", "--reason", "superseded", "--as", "alice"],
        ["retire", "credit-scoring", "1", "--reason", "replaced", "--as", "alice"],
        ["actor", "deactivate", "polly", "--reason", "left the team", "--as", "alice"],
        ["role", "add", "auditor-eu", "--description", "reads for the EU examiners", "--as", "alice"],
        [
            "model", "scope", "credit-scoring", "--is-model", "yes", "--rationale", "scores applicants", "--eu-ai-act", "high",
            "--eu-ai-act-rationale", "Annex III 5(b)", "--as", "dana",
        ],
    ]

    /// A sandbox with the people's keys and the files the script reads.
    static func sandbox() throws -> CLISandbox {
        let cli = try CLISandbox().initialised(people: ["dana", "polly", "rita"])
        try cli.write("model.bin", "weights")
        var rows = "y,p,g\n"
        for i in 0..<40 { rows += "\(i % 2),\(i % 3 == 0 ? 1 : 0),\(i % 4 == 0 ? "a" : "b")\n" }
        try cli.write("eval.csv", rows)
        // Production inputs, named like the reference (the server keeps the two uploads apart).
        var live = "y,p,g\n"
        for i in 0..<40 { live += "\(i % 2),\(i % 5 == 0 ? 1 : 0),\(i % 3 == 0 ? "a" : "b")\n" }
        try cli.write("live/eval.csv", live)
        try cli.write("card.md", "# Model card\n")
        try cli.write("requirements.txt", "scikit-learn==1.5.2\nnumpy==2.1.0\n")
        try cli.write(
            "policies/settings.yaml",
            "environments:\n  \"prod-*\": production\n  \"dev-*\": development\nprotected_aliases: [champion]\n")
        try cli.write(
            "policies/production.yaml",
            "name: prod\napplies_to: {target_stage: production}\nrules:\n  - {id: from-staging, kind: stage_transition, from: [staging]}\n")
        return cli
    }

    @Test func writesThroughTheServerPrintAndExitAsLocally() async throws {
        let local = try Self.sandbox()
        let served = try Self.sandbox()
        let expected = Self.script.map { local.run($0) }
        #expect(
            expected.map(\.code) == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0],
            "\(expected.map(\.err))")
        let path = served.folder.appendingPathComponent("attest.ledger").path
        try await RemoteCommandTests.withServer(served) { url in
            for (line, want) in zip(Self.script, expected) {
                let got = await RemoteCommandTests.run(served, line + ["--server", url])
                #expect(got.code == want.code, "\(line): \(got.err)")
                #expect(got.out == want.out, "\(line)")
                if want.code != 0 {
                    // The same reason, from the server's registry (a local message names the file by its full path).
                    let reason = want.err.trimmingCharacters(in: .whitespacesAndNewlines).suffix(50)
                    #expect(got.err.contains(reason), "\(line): \(got.err) vs \(want.err)")
                }
            }
            // --dry-run needs the local file; a model signature is checked locally.
            let dry = await RemoteCommandTests.run(
                served,
                [
                    "evaluate", "credit-scoring", "1", "--data", "eval.csv", "--label", "y", "--prediction", "p", "--dry-run", "--as",
                    "dana",
                    "--server", url,
                ])
            #expect(dry.code == 64)
            // Reads through the server print what they print on the served file.
            for read in [
                ["log"], ["log", "--type", "model.deployed", "--json"], ["log", "show", "7"], ["model", "history", "credit-scoring"],
                ["evidence", "list", "credit-scoring", "1", "--json"], ["actor", "list"], ["role", "list", "--json"],
                ["approval", "list", "credit-scoring", "1"], ["policy", "show"], ["policy", "history"],
                ["policy", "explain", "credit-scoring", "1", "--to", "staging"], ["lineage", "show", "credit-scoring", "1"],
                ["lineage", "verify", "credit-scoring", "1", "--artifact", "model.bin"], ["diff", "credit-scoring", "1", "1"],
            ] {
                let remote = await RemoteCommandTests.run(served, read + ["--as", "rita", "--server", url])
                let onFile = await RemoteCommandTests.run(served, read + ["--as", "rita"])
                #expect(remote.code == onFile.code, "\(read): \(remote.err)")
                #expect(onFile.code == 0 || read[1] == "explain", "\(read): \(onFile.err)")
                #expect(remote.out == onFile.out, "\(read)")
            }
            // verify reads a private copy of the whole served ledger and checks it as a file.
            let verified = await RemoteCommandTests.run(served, ["verify", "--replay", "--as", "rita", "--server", url])
            let onFile = await RemoteCommandTests.run(served, ["verify", "--replay"])
            #expect(verified.code == 0, "\(verified.err)")
            #expect(onFile.code == 0 && verified.out.hasPrefix("OK: 34 entries, 34 signatures"), "\(verified.out)")
            #expect(verified.out.contains("consistent with the checkpoint at size"), "checked against the served checkpoint")
            // Commands that cite a checkpoint read a private copy holding the served checkpoint:
            // the same proof, envelopes and reports as on the file (but for the time a report
            // was made), without the log key.
            #expect(served.run("checkpoint", "--no-witnesses").code == 0)
            for cited in [
                ["prove", "7"], ["report", "credit-scoring", "--format", "markdown"], ["report", "inventory", "--format", "markdown"],
            ] {
                // A --ledger that does not exist: only the served copy can answer.
                let remote = await RemoteCommandTests.run(served, cited + ["--as", "rita", "--server", url, "--ledger", "absent.ledger"])
                let onFile = await RemoteCommandTests.run(served, cited)
                #expect(remote.code == 0 && onFile.code == 0, "\(cited): \(remote.err) \(onFile.err)")
                let timeless = { (text: String) in
                    text.split(separator: "\n").filter { !$0.lowercased().contains("generated") }.joined(separator: "\n")
                }
                #expect(timeless(remote.out) == timeless(onFile.out), "\(cited)")
                #expect(remote.out.contains("credit-scoring") || cited[0] == "prove")
            }
            for (folder, extra) in [("remote-in-toto", ["--server", url, "--ledger", "absent.ledger"]), ("local-in-toto", [])] {
                let exported = await RemoteCommandTests.run(
                    served, ["export", "credit-scoring", "1", "--format", "in-toto", "--out", folder, "--as", "rita"] + extra)
                #expect(exported.code == 0, "\(exported.err)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: served.folder.appendingPathComponent("local-in-toto").path)
                .sorted()
            #expect(names.count > 3)
            for name in names {
                #expect(
                    try Data(contentsOf: served.folder.appendingPathComponent("remote-in-toto/\(name)"))
                        == Data(contentsOf: served.folder.appendingPathComponent("local-in-toto/\(name)")), "\(name)")
            }
            // A complete bundle needs a checkpoint signed right after its index: not by this server.
            let indexed = await RemoteCommandTests.run(
                served, ["export", "credit-scoring", "1", "--out", "b.bundle", "--as", "rita", "--server", url])
            #expect(indexed.code == 3 && indexed.err.contains("start it with --sign-checkpoints"), "\(indexed.err)")
            // Reading needs an actor of the ledger.
            let anonymous = await RemoteCommandTests.run(served, ["log", "--server", url])
            #expect(anonymous.code != 0)
        }
        // A server that holds the log key records the index and the checkpoint right after it;
        // the bundle exported from the private copy proves it is complete.
        let logKey = try Keystore(home: served.folder.appendingPathComponent("home")).load(name: "cli.example/log", passphrase: { nil })
        try await RemoteCommandTests.withServer(served, logSigner: logKey) { url in
            let exported = await RemoteCommandTests.run(
                served, ["export", "credit-scoring", "1", "--out", "complete.bundle", "--as", "rita", "--server", url])
            #expect(exported.code == 0, "\(exported.err)")
            #expect(exported.err.isEmpty, "no warning that the bundle cannot prove it is complete: \(exported.err)")
        }
        let logVerifierKey = try Ledger.open(at: path, readOnly: true).logKey.description
        let checked = served.run("verify-bundle", "complete.bundle", "--log-key", logVerifierKey)
        #expect(checked.code == 0, "\(checked.out)\(checked.err)")
        let index = try #require(try Ledger.open(at: path, readOnly: true).entries(types: [EventType.bundleExported]).last)
        #expect(try Ledger.open(at: path, readOnly: true).storedCheckpoints().contains { $0.size == index.sequence + 1 })
        let localSize = try Ledger.open(at: local.folder.appendingPathComponent("attest.ledger").path, readOnly: true).size()
        #expect(try Ledger.open(at: path, readOnly: true).size() == localSize + 1, "the export index")
        #expect(served.run("verify").code == 0)
        // Every entry the server appended was signed by the actor who asked, with their own key.
        let registry = try Registry.open(at: path, readOnly: true)
        let directory = try registry.ledger.keyDirectory()
        let signers = Set(try registry.ledger.entries().map { directory.records[$0.signer]?.key.name ?? "?" })
        #expect(signers == ["alice", "dana", "polly", "rita"])
        // The evaluation made through the server was attested as a local one is: dana signed,
        // on the client, the statement the server built, byte for byte the local ledger's.
        let evaluation = try #require(try registry.ledger.entries(types: [EventType.evaluationRecorded]).last)
        let attested = try #require(try registry.attestation(of: evaluation.sequence))
        #expect(attested.entry.signer == evaluation.signer && attested.entry.sequence == evaluation.sequence + 1)
        let mirror = try Registry.open(at: local.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let localEvaluation = try #require(try mirror.ledger.entries(types: [EventType.evaluationRecorded]).last)
        #expect(try mirror.attestation(of: localEvaluation.sequence)?.payload.envelopes.count == attested.payload.envelopes.count)
    }

    @Test func theWitnessListIsEditedThroughTheServerByAnAdminOnly() async throws {
        let served = try Self.sandbox()
        #expect(served.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(served.run("key", "generate", "w1.test/witness", "--no-passphrase").code == 0)
        let key = served.run("witness", "key", "w1.test/witness").out.trimmingCharacters(in: .whitespacesAndNewlines)
        try await RemoteCommandTests.withServer(served) { url in
            let added = await RemoteCommandTests.run(
                served, ["witness", "add", key, "--url", "http://127.0.0.1:9", "--as", "alice", "--server", url])
            #expect(added.code == 0, "\(added.err)")
            #expect(added.out == "Quorum: 1 of 1\n\(key) http://127.0.0.1:9\n", "\(added.out)")
            let listed = await RemoteCommandTests.run(served, ["witness", "list", "--as", "dana", "--server", url])
            #expect(listed.out == served.run("witness", "list").out)
            // Listed already: bad input, as locally; a data scientist may not change the list.
            let twice = await RemoteCommandTests.run(
                served, ["witness", "add", key, "--url", "http://127.0.0.1:9", "--as", "alice", "--server", url])
            #expect(twice.code == 2 && twice.err.contains("is listed already"), "\(twice.err)")
            let outsider = await RemoteCommandTests.run(served, ["witness", "remove", "w1.test/witness", "--as", "dana", "--server", url])
            #expect(outsider.code == 1, "\(outsider.err)")
            let removed = await RemoteCommandTests.run(served, ["witness", "remove", "w1.test/witness", "--as", "alice", "--server", url])
            #expect(removed.code == 0 && removed.out.contains("No witnesses"), "\(removed.err)")
        }
        #expect(served.run("verify").code == 0)
    }
}
