import AttestCLI
import AttestLedger
import Foundation
import GRDB
import Testing

/// The checks of the security review (docs/security.md) that tests can make: key files, secrets
/// in output, constant-time comparison, revoked keys, projection tampering caught by
/// `attest verify`, and output paths and escaping of reports and bundles.
@Suite("Security review")
struct SecurityTests {
    @Test("private key files are mode 0600 in a 0700 folder, encrypted, and hold neither the passphrase nor the seed in clear")
    func keyFiles() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        let result = prepared.run(["key", "generate", "carol"])
        #expect(result.code == 0, "\(result.err)")
        let keys = prepared.folder.appendingPathComponent("home/keys")
        let attributes = try FileManager.default.attributesOfItem(atPath: keys.appendingPathComponent("carol.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: keys.path)
        #expect((folder[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "the keys folder is private")
        let text = try prepared.read("home/keys/carol.key")
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(json?["encrypted"] as? Bool == true)
        #expect(json?["cipher"] as? String == "xchacha20poly1305-ietf")
        #expect((json?["kdf"] as? [String: Any])?["algorithm"] as? String == "argon2id13")
        #expect(!text.contains(PreparedLedger.passphrase))
        // The sealed secret is the 32-byte seed plus a 16-byte tag: nothing shorter in clear.
        #expect((json?["secret"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 48)
        // An existing key is never overwritten.
        #expect(prepared.run(["key", "generate", "carol"]).code == 2)
    }

    @Test("passphrases never appear in any output, even with --json or on errors")
    func secretsNotPrinted() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        let secret = PreparedLedger.passphrase
        try prepared.write("pass.txt", secret + "\n")
        let commands: [[String]] = [
            ["key", "generate", "dave", "--json"], ["key", "show", "alice", "--json"],
            ["role", "add", "auditor2", "--description", "x", "--passphrase-file", "pass.txt"],
            ["checkpoint", "--json"], ["verify", "--json"], ["log", "--json"], ["log", "show", "0", "--json"],
            ["model", "create", "m", "--owner", "alice", "--purpose", "p", "--risk-tier", "low", "--passphrase-file", "nope.txt"],
        ]
        for command in commands {
            let result = prepared.run(command)
            #expect(!(result.out + result.err).contains(secret), "\(command.joined(separator: " ")) printed the passphrase")
        }
        let wrong = prepared.run(["role", "add", "x", "--description", "x"], environment: ["ATTEST_PASSPHRASE": "hunter2-wrong"])
        #expect(wrong.code == 2)
        #expect(!(wrong.out + wrong.err).contains("hunter2-wrong"))
    }

    @Test("secret comparison is constant-time (sodium_memcmp) and exact")
    func constantTime() {
        func secret(_ text: String) -> SecretBytes {
            var bytes = Array(text.utf8)
            return SecretBytes(consuming: &bytes)
        }
        #expect(secret("same passphrase").constantTimeEquals(secret("same passphrase")))
        #expect(!secret("same passphrase").constantTimeEquals(secret("same passphrasf")))
        #expect(!secret("short").constantTimeEquals(secret("shorter")))
        var consumed = Array("wipe me".utf8)
        _ = SecretBytes(consuming: &consumed)
        #expect(consumed.allSatisfy { $0 == 0 }, "the caller's copy is wiped")
    }

    @Test("a deactivated actor's key signs nothing afterwards, and the refusal leaves a verifiable ledger")
    func revokedKey() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        #expect(prepared.run(["actor", "grant", "bob", "data-scientist"]).code == 0)
        #expect(prepared.run(["actor", "deactivate", "bob", "--reason", "left the bank"]).code == 0)
        let size = try Ledger.open(at: prepared.ledgerPath, readOnly: true).size()
        let attempt = prepared.run(["model", "create", "m", "--owner", "bob", "--purpose", "p", "--risk-tier", "low", "--as", "bob"])
        #expect(attempt.code == 1, "\(attempt.err)")
        #expect(attempt.err.contains("of bob was rotated or revoked and signs nothing now"), "\(attempt.err)")
        #expect(
            try Ledger.open(at: prepared.ledgerPath, readOnly: true).entries(types: ["model.created"], range: size...UInt64(Int64.max))
                .isEmpty)
        #expect(prepared.run(["verify"]).code == 0)
    }

    @Test("a projection table edited directly is caught by 'attest verify'")
    func projectionTamper() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        #expect(prepared.run(["verify"]).code == 0)
        let queue = try DatabaseQueue(path: prepared.ledgerPath)
        try queue.write { db in try db.execute(sql: "UPDATE reg_models SET risk_tier = 'low' WHERE name = 'credit'") }
        let result = prepared.run(["verify"])
        #expect(result.code == 1)
        #expect(result.err.contains("projection mismatch") && result.err.contains("reg_models"), "\(result.err)")
    }

    @Test("bundle and report paths cannot write outside the chosen folder")
    func outputPaths() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        let outside = prepared.folder.deletingLastPathComponent().appendingPathComponent("escaped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        let escape = "../\(outside.lastPathComponent)"
        for command in [["export", "credit", "1", "--out", escape], ["report", "credit", "--format", "html", "--out", escape]] {
            let result = prepared.run(command)
            #expect(result.code == 2, "\(command.joined(separator: " ")): \(result.err)")
            #expect(!FileManager.default.fileExists(atPath: outside.path), "\(command[0]) wrote outside the folder")
        }
        try FileManager.default.createSymbolicLink(
            atPath: prepared.folder.appendingPathComponent("link").path, withDestinationPath: outside.path)
        for command in [["export", "credit", "1", "--out", "link"], ["report", "credit", "--format", "html", "--out", "link"]] {
            let result = prepared.run(command)
            #expect(result.code == 2, "\(command.joined(separator: " ")) through a symbolic link: \(result.err)")
            #expect(!FileManager.default.fileExists(atPath: outside.path))
        }
    }

    @Test("reports escape what actors wrote")
    func reportEscaping() throws {
        let prepared = try PreparedLedger.make()
        defer { prepared.remove() }
        let hostile = "<script>alert('x')</script>&<img src=x onerror=alert(1)>"
        #expect(prepared.run(["model", "create", "evil", "--owner", "alice", "--purpose", hostile, "--risk-tier", "low"]).code == 0)
        for format in ["html", "markdown"] {
            let result = prepared.run(["report", "evil", "--format", format])
            #expect(result.code == 0, "\(result.err)")
            if format == "html" {
                #expect(!result.out.contains("<script>alert"), "raw script in the HTML report")
                #expect(!result.out.contains("<img src=x"), "raw markup in the HTML report")
            }
        }
        let json = prepared.run(["report", "evil", "--format", "json"])
        #expect(json.code == 0)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.out.utf8))) != nil, "the JSON report stays valid JSON")
    }
}
