import AttestCLI
import Foundation
import GRDB
import Testing

/// Issue 10's "facts from signed entries, not from caches", end to end: the attack seen in
/// review edited `reg_versions.stage` to production and the report printed it with "verified".
/// Every command that reads a version's stage now fails with exit 3 naming the table, writes
/// nothing, and never prints "verified".
@Suite("Cached facts (command line)")
struct CachedFactsCommandTests {
    @Test(
        "an edited reg_versions.stage fails model show, report, report inventory and export with exit 3 naming the table",
        arguments: [
            ["model", "show", "credit-scoring"],
            ["model", "show", "credit-scoring", "--json"],
            ["report", "credit-scoring", "--format", "html", "--out", "out/report.html"],
            ["report", "credit-scoring", "--format", "json", "--out", "out/report.json"],
            ["report", "inventory", "--format", "markdown", "--out", "out/inventory.md"],
            ["export", "credit-scoring", "1", "--out", "out/bundle"],
        ])
    func editedStageFailsEveryReader(_ arguments: [String]) throws {
        let cli = try ServingGateCommandTests.world()
        let out = cli.folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let untouched = cli.run(arguments)
        #expect(untouched.code == 0, "the command works on the untouched ledger: \(untouched.err)")
        try FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: cli.folder.appendingPathComponent("attest.ledger").path)
        try queue.write { db in
            try db.execute(sql: "UPDATE reg_versions SET stage = 'production' WHERE model = 'credit-scoring' AND version = 1")
        }
        let result = cli.run(arguments)
        #expect(result.code == 3, "\(arguments): \(result.err)")
        #expect(result.err.contains("reg_versions"), "\(result.err)")
        #expect(!result.out.lowercased().contains("verified"), "\(result.out)")
        #expect(!result.out.contains("production"), "\(result.out)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.isEmpty, "nothing is written: \(written)")
        let verify = cli.run("verify")
        #expect(verify.code == 1 && verify.err.contains("reg_versions"), "\(verify.err)")
    }
}
