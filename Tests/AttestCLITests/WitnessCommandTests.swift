import AttestCLI
import AttestLedger
import Foundation
import Testing

/// Three real witness processes in front of a ledger: the witness list as a recorded entry,
/// `attest checkpoint` collecting cosignatures, `--witness/--quorum` on the verifying commands,
/// a witness offline and a rewritten log (docs/witnesses.md).
@Suite(.serialized) struct WitnessCommandTests {
    @Test func threeWitnessesOneOfflineAndARewrittenLog() throws {
        let cli = try CLISandbox().initialised(people: ["dana"])
        #expect(cli.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        let home = cli.environment["ATTEST_HOME"]!
        let logKey = cli.run("key", "show", "cli.example/log").out.trimmingCharacters(in: .whitespacesAndNewlines)
        var witnesses: [WitnessServeProcess] = []
        defer { for witness in witnesses { witness.stop() } }
        for name in ["w1.test/witness", "w2.test/witness", "w3.test/witness"] {
            #expect(cli.run("key", "generate", name, "--no-passphrase").code == 0)
            let state = cli.folder.appendingPathComponent("state-\(witnesses.count)")
            witnesses.append(try WitnessServeProcess(home: home, name: name, state: state, log: logKey))
        }
        #expect(cli.run("witness", "key", "w1.test/witness").out.trimmingCharacters(in: .whitespacesAndNewlines) == witnesses[0].key)
        // Only an admin changes the list; a refusal is recorded.
        let refused = cli.run("witness", "add", witnesses[0].key, "--url", witnesses[0].url, "--as", "dana")
        #expect(refused.code == 1, "\(refused.err)")
        for (index, witness) in witnesses.enumerated() {
            let added = cli.run(
                ["witness", "add", witness.key, "--url", witness.url, "--as", "alice"] + (index == 2 ? ["--quorum", "2"] : []))
            #expect(added.code == 0, "\(added.err)")
        }
        let listed = cli.run("witness", "list")
        #expect(listed.out.contains("Quorum: 2 of 3"))
        // A copy of the ledger as it is now: the operator will rewrite history from here.
        let copy = cli.folder.appendingPathComponent("rewritten")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        #expect(cli.run("checkpoint", "--no-witnesses").code == 0)
        for suffix in ["", "-wal", "-shm"]
        where FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("attest.ledger" + suffix).path) {
            try FileManager.default.copyItem(
                at: cli.folder.appendingPathComponent("attest.ledger" + suffix), to: copy.appendingPathComponent("attest.ledger" + suffix))
        }
        // The true history grows; w3 goes offline; the checkpoint still meets the quorum of 2.
        #expect(cli.run("model", "create", "m", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        witnesses[2].stop()
        let checkpoint = cli.run("checkpoint", "--witness-timeout", "2")
        #expect(checkpoint.code == 0, "\(checkpoint.err)")
        #expect(checkpoint.out.contains("— w1.test/witness ") && checkpoint.out.contains("— w2.test/witness "))
        #expect(!checkpoint.out.contains("— w3.test/witness "))
        #expect(checkpoint.err.contains("w3.test/witness did not cosign"))
        let all = witnesses.flatMap { ["--witness", $0.key] }
        let verified = cli.run(["verify"] + all + ["--quorum", "2"])
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("witnessed: 2 of the required 2"))
        #expect(cli.run(["verify"] + all + ["--quorum", "3"]).code == 1)
        // A proof carries the cosigned checkpoint.
        #expect(cli.run("prove", "2", "--out", "p2.txt").code == 0)
        #expect(cli.run(["verify-proof", "p2.txt", "--log-key", logKey] + all + ["--quorum", "2"]).code == 0)
        #expect(cli.run(["verify-proof", "p2.txt", "--log-key", logKey] + all).code == 1)
        // So does an evidence bundle: its checkpoint, signed by the export, is sent to the witnesses.
        try cli.write("m.bin", "weights")
        #expect(cli.run("model", "register", "m", "--artifact", "m.bin", "--code", "https://g.example/m@abc", "--as", "dana").code == 0)
        let exported = cli.run("export", "m", "1", "--out", "m.bundle", "--as", "alice")
        #expect(exported.code == 0, "\(exported.err)")
        let bundle = cli.run(["verify-bundle", "m.bundle", "--log-key", logKey] + all + ["--quorum", "2"])
        #expect(bundle.code == 0, "\(bundle.err)")
        let unwitnessed = cli.run(["verify-bundle", "m.bundle", "--log-key", logKey] + all + ["--quorum", "3"])
        #expect(unwitnessed.code == 1 && unwitnessed.err.contains("NOT witnessed"), "\(unwitnessed.err)")
        // The rewritten history: different entries after the copy point, signed with the same keys.
        var forger = cli
        forger.environment["ATTEST_LEDGER"] = copy.appendingPathComponent("attest.ledger").path
        #expect(forger.run("model", "create", "other", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        #expect(forger.run("actor", "grant", "dana", "validator", "--as", "alice").code == 0)
        let forged = forger.run("checkpoint", "--witness-timeout", "2")
        #expect(forged.code == 1, "the witnesses must refuse a rewritten log: \(forged.out) \(forged.err)")
        #expect(forged.err.contains("w1.test/witness did not cosign") && forged.err.contains("w2.test/witness did not cosign"))
        let caught = forger.run(["verify"] + all + ["--quorum", "2"])
        #expect(caught.code == 1)
        #expect(caught.err.contains("NOT witnessed"))
        // The witnesses kept what they were shown.
        let evidence = try FileManager.default.contentsOfDirectory(atPath: cli.folder.appendingPathComponent("state-0/evidence").path)
        #expect(!evidence.isEmpty)
    }

    @Test func witnessOptionsRejectBadInput() throws {
        let cli = try CLISandbox().initialised()
        #expect(cli.run("verify", "--quorum", "1").code == 64)
        #expect(cli.run("verify", "--witness", "nonsense+1+2").code == 2)
        let logKey = cli.run("key", "show", "cli.example/log").out.trimmingCharacters(in: .whitespacesAndNewlines)
        // A log key (type 0x01) is not a witness key.
        #expect(cli.run("verify", "--witness", logKey).code == 2)
        #expect(cli.run("witness", "add", logKey, "--url", "http://127.0.0.1:1", "--as", "alice").code == 2)
        #expect(cli.run("witness", "serve", "--key", "alice", "--state", "st", "--listen", "nohost").code == 2)
        #expect(cli.run("witness", "serve", "--key", "alice", "--state", "st").code == 2)
    }
}

/// A ledger written before witnesses (no `cosignatures` table) still verifies, read-only, and
/// gains the table the next time it is opened for writing.
@Suite struct PreWitnessLedgerTests {
    @Test func aLedgerWithoutTheCosignatureTableVerifiesAndIsUpgradedOnWrite() throws {
        let cli = try CLISandbox().initialised()
        let path = cli.folder.appendingPathComponent("attest.ledger").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            path,
            "DROP TRIGGER cosignatures_no_update; DROP TRIGGER cosignatures_no_delete; DROP TABLE cosignatures; VACUUM;",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let readOnly = cli.run("verify")
        #expect(readOnly.code == 0, "\(readOnly.err)")
        #expect(cli.run("checkpoint", "--no-witnesses").code == 0)
        let upgraded = cli.run("verify")
        #expect(upgraded.code == 0, "\(upgraded.err)")
        // A half-removed table is still a schema mismatch.
        let partial = Process()
        partial.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        partial.arguments = [path, "DROP TRIGGER cosignatures_no_delete;"]
        try partial.run()
        partial.waitUntilExit()
        #expect(cli.run("verify").code != 0)
    }
}
