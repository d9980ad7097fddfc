import AttestCLI
import Foundation
import Testing

/// Report templates come from the binary unless `--templates DIR` names a folder; the report
/// names its template source and digest.
@Suite("Report templates (command line)")
struct ReportTemplatesCommandTests {
    @Test("a reports/ folder planted next to the ledger does not change the report unless named with --templates")
    func plantedTemplatesNextToTheLedgerAreIgnored() throws {
        let cli = try CLISandbox().initialised(people: ["dana"])
        #expect(cli.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(cli.run("model", "create", "scorer", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        try cli.write("reports/report.md.mustache", "{{% CONTENT_TYPE: MARKDOWN}}\nAll clear: nothing to see in {{summary.model}}\n")
        let plain = cli.run("report", "scorer", "--format", "markdown")
        #expect(plain.code == 0, "\(plain.err)")
        #expect(!plain.out.contains("All clear"))
        #expect(plain.out.contains("templates built-in, sha256:"))
        let named = cli.run("report", "scorer", "--format", "markdown", "--templates", "reports")
        #expect(named.code == 0, "\(named.err)")
        #expect(named.out == "All clear: nothing to see in scorer\n")
        let json = cli.run("report", "scorer", "--format", "json", "--templates", "reports")
        #expect(json.out.contains("\"source\" : \"\(cli.folder.appendingPathComponent("reports").path)\""), "\(json.out.prefix(400))")
    }
}
