import ArgumentParser
import AttestLedger
import Foundation
import Testing

@testable import AttestCLI

/// Issue 10, item 8 and the smaller defects: each test is named for the defect it pins down.
@Suite("CLI: identities, text and exit-code defects")
struct IdentityAndDefectTests {
    /// alice (admin), dana (data scientist), vera (validator), polly (policy admin); model
    /// `scorer` v1 by dana; a published staging policy needing one validator approval.
    static func world() throws -> CLISandbox {
        var sandbox = try CLISandbox()
        sandbox.environment["ATTEST_PASSPHRASE"] = nil
        for name in ["alice", "dana", "vera", "polly", "rita"] {
            #expect(sandbox.run("key", "generate", name, "--no-passphrase").code == 0)
        }
        #expect(sandbox.run("init", "--origin", "ids.example/log", "--admin", "alice", "--unencrypted-log-key").code == 0)
        for (name, role) in [("dana", "data-scientist"), ("vera", "validator"), ("polly", "policy-admin"), ("rita", "risk-officer")] {
            let added = sandbox.run("actor", "add", name, "--role", role, "--as", "alice")
            #expect(added.code == 0, "\(added.err)")
        }
        #expect(
            sandbox.run("model", "create", "scorer", "--owner", "dana", "--purpose", "scoring", "--risk-tier", "medium", "--as", "alice")
                .code == 0)
        try sandbox.write("model.bin", "weights")
        try sandbox.write("test.csv", "x,y\n1,0\n")
        let registered = sandbox.run(
            "model", "register", "scorer", "--artifact", "model.bin", "--dataset", "test=test.csv", "--code", "https://git.example/s@abc1",
            "--as", "dana")
        #expect(registered.code == 0, "\(registered.err)")
        try sandbox.write("policies/settings.yaml", "allow_ungoverned_targets: [development, archived]\n")
        try sandbox.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: from-dev, kind: stage_transition, from: [development]}
              - {id: one-approval, kind: required_approvals, count: 1, roles: [validator], exclude: [registrant], enforcement: soft_mandatory, override_roles: [admin]}

            """)
        let published = sandbox.run("policy", "publish", "--as", "polly")
        #expect(published.code == 0, "\(published.err)")
        #expect(sandbox.run("policy", "approve", "--as", "rita").code == 0)  // the publication quorum
        return sandbox
    }

    @Test("promote --override without --justification is a usage error (64) and records nothing")
    func overrideWithoutJustificationIsAUsageError() throws {
        let sandbox = try Self.world()
        let before = sandbox.ledgerBytes
        let result = sandbox.run("promote", "scorer", "1", "--to", "staging", "--override", "one-approval", "--as", "alice")
        #expect(result.code == 64, "\(result.out)\(result.err)")
        #expect(result.err.contains("--justification"))
        #expect(sandbox.ledgerBytes == before, "nothing may be recorded")
    }

    @Test("a justification of zero-width characters only is refused (exit 2) and records nothing")
    func invisibleJustificationIsRefused() throws {
        let sandbox = try Self.world()
        let before = sandbox.ledgerBytes
        let result = sandbox.run(
            "promote", "scorer", "1", "--to", "staging", "--override", "one-approval", "--justification", "\u{200B}\u{2060}", "--as",
            "alice")
        #expect(result.code == 2, "\(result.out)\(result.err)")
        #expect(result.err.contains("no visible text"))
        #expect(sandbox.ledgerBytes == before)
    }

    @Test("policy explain exits 1 when the result is deny, 0 when allowed")
    func policyExplainExitsOneOnDeny() throws {
        let sandbox = try Self.world()
        let denied = sandbox.run("policy", "explain", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(denied.code == 1, "\(denied.out)\(denied.err)")
        #expect(denied.out.contains("Explaining"))
        let deniedJSON = sandbox.run("policy", "explain", "scorer", "1", "--to", "staging", "--as", "dana", "--json")
        #expect(deniedJSON.code == 1)
        #expect((try? JSONSerialization.jsonObject(with: Data(deniedJSON.out.utf8))) != nil, "the explanation is still printed")
        #expect(sandbox.run("approve", "scorer", "1", "--to", "staging", "--as", "vera").code == 0)
        let allowed = sandbox.run("policy", "explain", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(allowed.code == 0, "\(allowed.out)\(allowed.err)")
    }

    @Test("with --json, an error is one JSON object on standard error and nothing on standard output")
    func jsonErrorsAreAJSONObjectOnStandardError() throws {
        let sandbox = try CLISandbox().initialised()
        for (arguments, exit) in [
            (["model", "show", "nope", "--json"], Int32(2)),
            (["log", "--nonsense", "--json"], Int32(64)),
            (["actor", "grant", "alice", "admin", "--as", "alice", "--json"], Int32(2)),
        ] {
            let result = sandbox.run(arguments)
            #expect(result.code == exit, "\(arguments): \(result.err)")
            #expect(result.out.isEmpty, "\(arguments)")
            let object = try JSONSerialization.jsonObject(with: Data(result.err.utf8)) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            #expect(error?["exit"] as? Int == Int(exit), "\(arguments): \(result.err)")
            #expect((error?["message"] as? String)?.isEmpty == false)
            #expect(error?["code"] is String)
        }
    }

    @Test("report --json with --format html is a usage error")
    func reportJSONWithHTMLFormatIsAUsageError() throws {
        let sandbox = try CLISandbox().initialised()
        let result = sandbox.run("report", "inventory", "--json", "--format", "html")
        #expect(result.code == 64, "\(result.out)\(result.err)")
        let json = sandbox.run("report", "inventory", "--json")
        #expect(json.code == 0, "\(json.err)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.out.utf8))) != nil, "--json alone means --format json")
    }

    @Test("every command that writes a file says 'Wrote PATH' on standard output (or lists it under \"wrote\" with --json)")
    func writingCommandsPrintWroteOnStandardOutput() throws {
        let sandbox = try CLISandbox().initialised()
        let key = sandbox.run("key", "generate", "erin", "--no-passphrase")
        #expect(key.out.hasPrefix("erin+") && key.out.contains("Wrote ") && key.out.contains("erin.key"), "\(key.out)")
        let checkpoint = sandbox.run("checkpoint", "--out", "cp.txt")
        #expect(checkpoint.code == 0 && checkpoint.out.contains("Wrote \(sandbox.folder.path)/cp.txt"), "\(checkpoint.out)")
        let proof = sandbox.run("prove", "1", "--out", "proof.txt")
        #expect(proof.code == 0 && proof.out.contains("Wrote \(sandbox.folder.path)/proof.txt"), "\(proof.out)|\(proof.err)")
        let proofJSON = sandbox.run("prove", "1", "--out", "proof2.txt", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(proofJSON.out.utf8)) as? [String: Any]
        #expect(object?["wrote"] as? [String] == ["\(sandbox.folder.path)/proof2.txt"])
        let report = sandbox.run("report", "inventory", "--format", "markdown", "--out", "inventory.md")
        #expect(report.code == 0 && report.out.contains("Wrote "), "\(report.out)|\(report.err)")
    }

    @Test("an error no command mapped exits 3 (system), not 64 (usage)")
    func unmappedErrorExitsThree() throws {
        struct Unexpected: Error {}
        let console = Console(capturing: true, environment: [:], workingDirectory: "/")
        let code = Console.$current.withValue(console) { AttestCommand.exitStatus(for: Unexpected(), report: ErrorReport(json: false)) }
        #expect(code == 3)
        #expect(console.capturedErr.contains("unexpected failure"))
        let usage = Console.$current.withValue(console) {
            AttestCommand.exitStatus(for: ValidationError("bad"), report: ErrorReport(json: false))
        }
        #expect(usage == 64)
    }

    @Test("evidence attach refuses a FIFO (exit 2) instead of waiting on it forever")
    func evidenceAttachRefusesNonRegularFiles() throws {
        let sandbox = try Self.world()
        let fifo = sandbox.folder.appendingPathComponent("card.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let before = sandbox.ledgerBytes
        // Run on a thread of its own: a command that blocks on the FIFO is reported, then freed by
        // opening the FIFO's write end (its reader sees end of file).
        let finished = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread {
            box.result = sandbox.run("evidence", "attach", "scorer", "1", "--kind", "model_card", "--file", "card.fifo", "--as", "dana")
            finished.signal()
        }.start()
        if finished.wait(timeout: .now() + 30) == .timedOut {
            Issue.record("evidence attach blocked for 30 s opening a FIFO")
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            _ = finished.wait(timeout: .now() + 30)
        }
        let result = try #require(box.result)
        #expect(result.code == 2, "\(result.err)")
        #expect(result.err.contains("FIFO"))
        let device = sandbox.run("evidence", "attach", "scorer", "1", "--kind", "model_card", "--file", "/dev/null", "--as", "dana")
        #expect(device.code == 2 && device.err.contains("character device"), "\(device.err)")
        #expect(sandbox.ledgerBytes == before)
    }

    @Test("a terminal escape sequence in a comment is printed escaped, never raw")
    func terminalEscapesInCommentsAreEscaped() throws {
        let sandbox = try Self.world()
        let comment = "looks fine\u{1B}]0;owned\u{7}\u{1B}[2J\rAPPROVED BY CEO"
        let approved = sandbox.run("approve", "scorer", "1", "--to", "staging", "--comment", comment, "--as", "vera")
        #expect(approved.code == 0, "\(approved.err)")
        let list = sandbox.run("approval", "list", "scorer", "1")
        #expect(list.code == 0, "\(list.err)")
        #expect(!list.out.contains("\u{1B}") && !list.out.contains("\r"))
        #expect(list.out.contains("\\u{1B}]0;owned"), "\(list.out)")
        let log = sandbox.run("log", "--json")
        #expect(!log.out.contains("\u{1B}"))
    }

    @Test("unsafe characters in --json output are JSON escapes: the JSON stays valid and keeps the value")
    func jsonOutputEscapesKeepTheValue() throws {
        let sandbox = try Self.world()
        let purpose = "fraud \u{202E}gnp.exe \u{1B}[2J\u{9B}1m\u{2028}end"
        let created = sandbox.run(
            "model", "create", "m2", "--owner", "dana", "--purpose", purpose, "--risk-tier", "low", "--as", "alice")
        #expect(created.code == 0, "\(created.err)")
        let shown = sandbox.run("model", "show", "m2", "--json")
        #expect(!shown.out.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" })
        let object = try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any]
        #expect((object?["model"] as? [String: Any])?["purpose"] as? String == purpose, "\(shown.out)")
        let text = sandbox.run("model", "show", "m2")
        #expect(text.out.contains("\\u{202E}gnp.exe \\u{1B}[2J"), "\(text.out)")
        let report = sandbox.run("report", "inventory", "--format", "json")
        #expect(report.code == 0, "\(report.err)")
        #expect((try? JSONSerialization.jsonObject(with: Data(report.out.utf8))) != nil, "the JSON report stays valid JSON")
    }

    @Test("actor add: a homoglyph of an existing actor is refused with both names; an escape sequence in a name is bad input")
    func homoglyphActorIsRefusedByTheCLI() throws {
        let sandbox = try CLISandbox().initialised()
        let spoof = "\u{430}lice"
        #expect(sandbox.run("key", "generate", spoof, "--no-passphrase").code == 0)
        let result = sandbox.run("actor", "add", spoof, "--role", "admin", "--as", "alice")
        #expect(result.code == 1, "\(result.err)")
        #expect(result.err.contains("confusable") && result.err.contains("'alice'"))
        let escaped = sandbox.run("key", "generate", "eve\u{1B}[31m", "--no-passphrase")
        #expect(escaped.code == 2 && !escaped.err.contains("\u{1B}"), "\(escaped.err)")
    }

    @Test("the policy-test error path names the real file")
    func policyTestErrorNamesTheRealFile() throws {
        let sandbox = try Self.world()
        try sandbox.write("policies/tests/broken_test.yaml", "cases: [\n")
        let result = sandbox.run("policy", "test")
        #expect(result.code == 2, "\(result.err)")
        #expect(result.err.contains("policies/tests/broken_test.yaml"), "\(result.err)")
        #expect(!result.err.contains("tests/tests/"))
    }
}

/// The result of a command run on another thread.
private final class ResultBox: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access.
    private let lock = NSLock()
    private var stored: CLISandbox.Result?
    var result: CLISandbox.Result? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
