import AttestCLI
import Foundation
import Testing

/// `attest report --at` / `--as-of` on the committed engine-1 ledger, whose evaluations predate
/// curve points: they still decode and the report says "not recorded" where the curves would be.
@Suite("report --at, --as-of, and evaluations recorded before curves")
struct PastReportCommandTests {
    @Test("an evaluation recorded before curves is reported as 'not recorded'")
    func oldEvaluationsSayNotRecorded() throws {
        let cli = try ReplayFixtureTests.sandbox()
        let markdown = cli.run("report", "credit-scoring", "--format", "markdown")
        #expect(markdown.code == 0, "\(markdown.err)")
        #expect(markdown.out.components(separatedBy: "Curves and confusion matrix: not recorded").count - 1 == 2)
        let json = cli.run("report", "credit-scoring", "--json")
        #expect(json.code == 0 && json.out.contains("\"curvesMissing\"") && !json.out.contains("\"curves\""))
    }

    @Test("--at N gives the same bytes after the ledger grows; --as-of finds the last entry by then")
    func atAnEntry() throws {
        let cli = try ReplayFixtureTests.sandbox()
        let first = cli.run("report", "credit-scoring", "--at", "25", "--format", "markdown")
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("as the ledger stood at entry 25"))
        #expect(first.out.contains("(26 entries)"))
        // Later entries change the present report but not the past one.
        let present = cli.run("report", "credit-scoring", "--format", "markdown")
        #expect(present.out.contains("(38 entries)"))
        let again = cli.run("report", "credit-scoring", "--at", "25", "--format", "markdown")
        #expect(again.out == first.out)
        let json = cli.run("report", "credit-scoring", "--at", "25", "--json")
        #expect(json.out.contains("\"asOfEntry\" : 25"))
    }

    @Test("model show --at: one version in staging then, two versions and v2 in production now")
    func modelShowAt() throws {
        let cli = try ReplayFixtureTests.sandbox()
        let then = cli.run("model", "show", "credit-scoring", "--at", "20")
        #expect(then.code == 0, "\(then.err)")
        #expect(then.out.contains("As the ledger stood at entry 20:") && then.out.contains("v1  staging") && !then.out.contains("v2"))
        let now = cli.run("model", "show", "credit-scoring")
        #expect(now.out.contains("v2  production") && now.out.contains(" prod-eu="))
    }

    @Test("model show --at TIME / --at-entry N: who approved what was in production then, under which policy, with proofs")
    func modelShowEstablishedBy() throws {
        let cli = try ReplayFixtureTests.sandbox()
        // The fixture's v2 went to production by an override in entry 34, its stage change is
        // entry 35 and its deployment entry 36: times are printed to the millisecond, so entry
        // 36's printed time falls just before it, after entry 35.
        let time = try #require(cli.run("log", "show", "36", "--json").out.firstMatch(of: /"time" : "([^"]+)"/)?.1)
        let byTime = cli.run("model", "show", "credit-scoring", "--at", String(time), "--proofs", "proofs")
        #expect(byTime.code == 0, "\(byTime.err)")
        #expect(byTime.out.contains("As the ledger stood at entry 35:"), "\(byTime.out)")
        #expect(!byTime.out.contains("prod-eu="), "the deployment came after")
        #expect(byTime.out.contains("v2 production: registered in entry 24; allow_with_override in entry 34"), "\(byTime.out)")
        #expect(byTime.out.contains("under the policy set of entry 12"))
        #expect(byTime.out.contains("verified against the checkpoint of size 38"), "\(byTime.out)")
        let byEntry = cli.run("model", "show", "credit-scoring", "--at-entry", "35")
        #expect(byEntry.out == byTime.out.replacingOccurrences(of: ", written to proofs", with: ""))
        // Each written proof verifies on its own with the log's public key.
        let written = try FileManager.default.contentsOfDirectory(atPath: cli.folder.appendingPathComponent("proofs").path).sorted()
        #expect(written.contains("entry-34.proof") && written.contains("entry-12.proof"), "\(written)")
        for file in written {
            let checked = cli.run("verify-proof", "proofs/\(file)", "--log-key", "log-key.pub")
            #expect(checked.code == 0, "\(file): \(checked.err)")
        }
        // JSON: the model's fields, and what establishes them, with each proof's text.
        let json = cli.run("model", "show", "credit-scoring", "--at-entry", "36", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let established = try #require(object["established"] as? [String: Any])
        let versions = try #require(established["versions"] as? [[String: Any]])
        #expect(versions.last?["decision"] as? Int == 34 && versions.last?["policyEntry"] as? Int == 12)
        #expect((established["proofs"] as? [[String: Any]])?.count == written.count)
        #expect(object["versions"] != nil, "the model's own fields are still there")
        // One of the three options at a time; --proofs only with a past state.
        #expect(cli.run("model", "show", "credit-scoring", "--at", "20", "--at-entry", "20").code == 64)
        #expect(cli.run("model", "show", "credit-scoring", "--proofs", "p").code == 64)
        #expect(cli.run("model", "show", "credit-scoring", "--at", "yesterday").code == 2)
    }

    @Test("--at and --as-of refuse each other, entries past the end and times before the log")
    func refusals() throws {
        let cli = try ReplayFixtureTests.sandbox()
        #expect(cli.run("report", "credit-scoring", "--at", "3", "--as-of", "2030-01-01T00:00:00Z").code == 64)
        let past = cli.run("report", "credit-scoring", "--at", "38")
        #expect(past.code == 2 && past.err.contains("past the ledger's last entry 37"))
        let early = cli.run("report", "credit-scoring", "--as-of", "1990-01-01T00:00:00Z")
        #expect(early.code == 2 && early.err.contains("before the ledger's first entry"))
    }
}
