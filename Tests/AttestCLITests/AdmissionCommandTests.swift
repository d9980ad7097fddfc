import AttestCLI
import Foundation
import Testing

/// `attest admission answer` and `attest admission check`: exit 0 only for a verified allow,
/// 1 for a deny or a failed check, 2 for bad input (docs/admission.md).
@Suite("Admission answers (command line)")
struct AdmissionCommandTests {
    static let logKey = "home/keys/cli.example%2Flog.pub"

    @Test("answer and check: allow exits 0, deny and a replayed answer exit 1, garbage exits 2")
    func answerAndCheck() throws {
        let cli = try ServingGateCommandTests.world()
        defer { try? FileManager.default.removeItem(at: cli.folder) }
        let allowed = cli.run("admission", "answer", "credit-scoring", "1", "--environment", "dev-1", "--out", "dev.json")
        #expect(allowed.code == 0, "\(allowed.err)")
        #expect(allowed.out.hasPrefix("ALLOW: credit-scoring v1 in dev-1"), "\(allowed.out)")
        let check = ["admission", "check", "credit-scoring", "1", "--log-key", Self.logKey]
        let ok = cli.run(check + ["--environment", "dev-1", "--answer", "dev.json"])
        #expect(ok.code == 0, "\(ok.err)")
        #expect(ok.out.hasPrefix("ALLOW: credit-scoring v1 in dev-1"), "\(ok.out)")

        let replayed = cli.run(check + ["--environment", "prod-us", "--answer", "dev.json"])
        #expect(replayed.code == 1)
        #expect(replayed.err.contains("an answer for another question was replayed"), "\(replayed.err)")

        let denied = cli.run("admission", "answer", "credit-scoring", "1", "--environment", "prod-us", "--out", "prod.json")
        #expect(denied.code == 1 && denied.out.contains("requires production"), "\(denied.out) \(denied.err)")
        let deny = cli.run(check + ["--environment", "prod-us", "--answer", "prod.json", "--json"])
        #expect(deny.code == 1)
        #expect(deny.out.contains("\"verdict\" : \"deny\"") && deny.out.contains("\"verified\" : true"), "\(deny.out)")

        let stale = cli.run(check + ["--environment", "dev-1", "--answer", "dev.json", "--max-age", "0s"])
        #expect(stale.code == 2, "a zero duration is not a duration: \(stale.err)")
        #expect(cli.run(check + ["--environment", "dev-1", "--answer", "dev.json", "--max-age", "soon"]).code == 2)
        try cli.write("garbage.json", "{\"format\": 3}")
        let garbage = cli.run(check + ["--environment", "dev-1", "--answer", "garbage.json"])
        #expect(garbage.code == 2 && garbage.err.contains("garbage.json"), "\(garbage.err)")
        #expect(cli.run(check + ["--environment", "dev-1", "--answer", "missing.json"]).code == 2)
        let otherKey = cli.run(
            "admission", "check", "credit-scoring", "1", "--environment", "dev-1", "--answer", "dev.json", "--log-key", "home/keys/dana.pub"
        )
        #expect(otherKey.code == 1 && otherKey.err.contains("does NOT verify"), "\(otherKey.err)")
        // Nothing was written to the ledger by answering or checking.
        #expect(cli.run("verify").code == 0)
    }
}
