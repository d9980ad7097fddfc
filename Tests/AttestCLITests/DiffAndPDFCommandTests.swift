import AttestCLI
import Foundation
import Testing

/// `attest diff` and `attest report --format pdf` from the command line: output and exit codes.
@Suite("diff and PDF (command line)")
struct DiffAndPDFCommandTests {
    static func sandboxWithTwoVersions() throws -> CLISandbox {
        let cli = try CLISandbox().initialised(people: ["dana"])
        #expect(cli.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(cli.run("model", "create", "scorer", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        for (version, weights) in ["w1", "w2"].enumerated() {
            try cli.write("model.bin", weights)
            var arguments = ["model", "register", "scorer", "--artifact", "model.bin", "--code", "https://git.example/s@abc\(version)"]
            if version > 0 { arguments += ["--parent", "1"] }
            let registered = cli.run(arguments + ["--as", "dana"])
            #expect(registered.code == 0, "\(registered.err)")
        }
        return cli
    }

    @Test("attest diff prints lineage and environment changes, --json the comparison; an unknown version exits 2")
    func diff() throws {
        let cli = try Self.sandboxWithTwoVersions()
        let text = cli.run("diff", "scorer", "1", "2")
        #expect(text.code == 0, "\(text.err)")
        #expect(text.out.hasPrefix("scorer: v1 → v2\n"), "\(text.out)")
        #expect(text.out.contains("~ artifact model.bin: sha256:") && text.out.contains("~ code commit: abc0 → abc1"), "\(text.out)")
        let json = cli.run("diff", "scorer", "1", "2", "--json")
        #expect(json.code == 0 && json.out.contains("\"schema\" : \"attest.dev/diff@v1\""), "\(json.out.prefix(300))")
        let unknown = cli.run("diff", "scorer", "1", "9")
        #expect(unknown.code == 2 && unknown.err.contains("scorer has no version 9"), "\(unknown.err)")
    }

    @Test("--format pdf without --out is bad input (exit 2): a PDF is never written to a terminal")
    func pdfNeedsOut() throws {
        let cli = try Self.sandboxWithTwoVersions()
        let result = cli.run("report", "scorer", "--format", "pdf")
        #expect(result.code == 2 && result.err.contains("--format pdf writes a binary file: name it with --out FILE"), "\(result.err)")
    }
}
