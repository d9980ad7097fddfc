import AttestCLI
import Foundation
import Testing

@Suite("CLI: keys, init, log, checkpoints, proofs, verify")
struct LedgerCommandTests {
    @Test("key generate writes an encrypted 0600 key and prints the verifier key")
    func keyGenerate() throws {
        let sandbox = try CLISandbox()
        let result = sandbox.run("key", "generate", "alice")
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("alice+"))
        let path = sandbox.folder.appendingPathComponent("home/keys/alice.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"encrypted\" : true") && text.contains("argon2id13"))
        // The verifier key comes first; then one "Wrote PATH" line per file written.
        #expect(sandbox.run("key", "show", "alice").out == result.out.split(separator: "\n")[0] + "\n")
        #expect(result.out.contains("Wrote \(path) (private key, mode 0600)"))
        #expect(sandbox.run("key", "generate", "alice").code == 2, "an existing key is never overwritten")
        let plain = sandbox.run("key", "generate", "bob", "--no-passphrase")
        #expect(plain.code == 0 && plain.err.contains("NOT encrypted"))
    }

    @Test("a wrong passphrase is a clear error with exit code 2")
    func wrongPassphrase() throws {
        var sandbox = try CLISandbox()
        #expect(sandbox.run("key", "generate", "alice").code == 0)
        sandbox.environment["ATTEST_PASSPHRASE"] = "not it"
        let result = sandbox.run("init", "--origin", "x.example/log", "--admin", "alice")
        #expect(result.code == 2)
        #expect(result.err.contains("wrong passphrase"))
        #expect(sandbox.ledgerBytes == nil)
        sandbox.environment["ATTEST_PASSPHRASE"] = nil
        let noTerminal = sandbox.run("init", "--origin", "x.example/log", "--admin", "alice")
        #expect(noTerminal.code == 2 && noTerminal.err.contains("--passphrase-file"))
    }

    @Test("init creates a ledger once; log, checkpoint, prove, verify-proof and verify work together")
    func roundTrip() throws {
        let sandbox = try CLISandbox().initialised(people: ["dana"])
        #expect(sandbox.run("init", "--origin", "cli.example/log", "--admin", "alice").code == 2)
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        let log = sandbox.run("log", "--json")
        #expect(log.code == 0 && log.out.contains("\"type\" : \"actor.added\""))
        #expect(sandbox.run("log", "show", "0").out.contains("ledger.genesis"))
        #expect(sandbox.run("log", "show", "99").code == 2)
        #expect(sandbox.run("checkpoint", "--out", "cp.txt").code == 0)
        #expect(sandbox.run("prove", "3", "--out", "p3.txt").code == 0)
        let key = sandbox.folder.appendingPathComponent("home/keys/cli.example%2Flog.pub").path
        let checked = sandbox.run("verify-proof", "p3.txt", "--log-key", key)
        #expect(checked.code == 0 && checked.out.contains("entry 3"))
        #expect(sandbox.run("verify-proof", "p3.txt", "--log-key", "alice+00000000+AAAA").code == 2)
        let other = sandbox.run("key", "show", "alice").out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sandbox.run("verify-proof", "p3.txt", "--log-key", other).code == 1, "a checkpoint not signed by that key fails")
        #expect(sandbox.run("model", "create", "m", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        #expect(sandbox.run("prove", "--consistency", "cp.txt", "--out", "c.txt").code == 0)
        #expect(sandbox.run("verify-proof", "c.txt", "--log-key", key, "--checkpoint", "cp.txt").code == 0)
        let verify = sandbox.run("verify", "--checkpoint", "cp.txt", "--json")
        #expect(verify.code == 0 && verify.out.contains("\"valid\" : true"))
        #expect(sandbox.run("verify", "--log-only").code == 0)
        #expect(sandbox.run("verify", "--log-only", "--replay").code == 2)
    }

    @Test("usage errors exit 64, unknown ledgers exit 2")
    func usage() throws {
        let sandbox = try CLISandbox()
        #expect(sandbox.run("no-such-command").code == 64)
        #expect(sandbox.run("init", "--origin", "x").code == 64)
        let missing = sandbox.run("log")
        #expect(missing.code == 2 && missing.err.contains("no ledger found"))
        #expect(sandbox.run("--version").code == 0)
    }

    @Test("registry commands: refusals exit 1 and are logged; bad input exits 2 and writes nothing")
    func registryCommands() throws {
        let sandbox = try CLISandbox().initialised(people: ["dana", "victor"])
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(sandbox.run("actor", "add", "victor", "--role", "validator", "--as", "alice").code == 0)
        #expect(
            sandbox.run("model", "create", "credit", "--owner", "dana", "--purpose", "p", "--risk-tier", "high", "--as", "dana").code == 0)
        try sandbox.write("model.bin", "weights")
        try sandbox.write("test.csv", "a\n1\n")
        let registered = sandbox.run(
            "model", "register", "credit", "--artifact", "model.bin", "--dataset", "test=test.csv", "--param", "depth=6", "--as", "dana")
        #expect(registered.code == 0 && registered.out.contains("Registered credit v1"))
        let before = sandbox.ledgerBytes
        #expect(sandbox.run("model", "register", "credit", "--artifact", "model.bin", "--param", "oops", "--as", "dana").code == 2)
        #expect(sandbox.run("model", "register", "credit", "--artifact", "missing.bin", "--as", "dana").code == 2)
        #expect(sandbox.run("model", "register", "nope", "--artifact", "model.bin", "--as", "dana").code == 2)
        #expect(
            sandbox.run("model", "create", "x", "--owner", "dana", "--purpose", "p", "--risk-tier", "extreme", "--as", "dana").code == 2)
        #expect(sandbox.ledgerBytes == before, "bad input leaves the ledger byte for byte unchanged")
        let refused = sandbox.run("model", "register", "credit", "--artifact", "model.bin", "--as", "victor")
        #expect(refused.code == 1 && refused.err.contains("victor may not register"))
        #expect(sandbox.run("model", "history", "credit").out.contains("REFUSED"))
        #expect(sandbox.run("lineage", "credit", "1", "--format", "dot").out.contains("digraph lineage"))
        #expect(sandbox.run("lineage", "verify", "credit", "1", "--artifact", "model.bin").code == 0)
        try sandbox.write("model.bin", "tampered weights")
        #expect(sandbox.run("lineage", "verify", "credit", "1", "--artifact", "model.bin").code == 1)
        #expect(sandbox.run("rebuild").code == 0)
        #expect(sandbox.run("verify").code == 0)
    }
}
