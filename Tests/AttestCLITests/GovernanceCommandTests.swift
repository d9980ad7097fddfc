import AttestCLI
import Foundation
import Testing

/// `attest` run in-process in a temporary folder with its own keystore (unencrypted keys).
private struct GovernanceCLI {
    let folder: URL
    let environment: [String: String]

    struct Result {
        let code: Int32
        let out: String
        let err: String
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-gov-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = ["ATTEST_HOME": folder.appendingPathComponent("home").path]
    }

    @discardableResult
    func run(_ arguments: String...) -> Result {
        let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return Result(code: code, out: console.capturedOut, err: console.capturedErr)
    }

    func write(_ name: String, _ text: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A ledger with alice (admin), dana (data scientist), vera (validator), polly (policy admin),
    /// model `scorer` (medium risk) and its v1 registered by dana, and a small policy set in `policies/`.
    static func world() throws -> GovernanceCLI {
        let cli = try GovernanceCLI()
        for name in ["alice", "dana", "vera", "polly", "rita"] {
            #expect(cli.run("key", "generate", name, "--no-passphrase").code == 0)
        }
        #expect(cli.run("init", "--origin", "gov.example/log", "--admin", "alice", "--unencrypted-log-key").code == 0)
        for (name, role) in [("dana", "data-scientist"), ("vera", "validator"), ("polly", "policy-admin"), ("rita", "risk-officer")] {
            let added = cli.run("actor", "add", name, "--role", role, "--as", "alice")
            #expect(added.code == 0, "\(added.err)")
        }
        #expect(
            cli.run("model", "create", "scorer", "--owner", "dana", "--purpose", "scoring", "--risk-tier", "medium", "--as", "alice").code
                == 0)
        try cli.write("model.bin", "weights")
        try cli.write("test.csv", "x,y\n1,0\n")
        let registered = cli.run(
            "model", "register", "scorer", "--artifact", "model.bin", "--dataset", "test=test.csv", "--code",
            "https://git.example/s@abc123",
            "--as", "dana")
        #expect(registered.code == 0, "\(registered.err)")
        try cli.write("policies/settings.yaml", "allow_ungoverned_targets: [development, archived]\n")
        try cli.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: from-dev, kind: stage_transition, from: [development]}
              - {id: one-approval, kind: required_approvals, count: 1, roles: [validator], exclude: [registrant]}
              - {id: card, kind: required_evidence, documents: [model_card]}

            """)
        try cli.write(
            "policies/tests/staging_test.yaml",
            """
            defaults:
              facts:
                model: {name: scorer, owner: dana, risk_tier: medium}
                version: {number: 1, registrant: dana, stage: development, stage_entered_at: 2026-03-01T00:00:00Z,
                          evidence: [{kind: model_card, digest: "sha256:aa", seq: 5, time: 2026-03-02T00:00:00Z}]}
                request: {requester: dana, target_stage: staging, time: 2026-03-03T00:00:00Z}
                approvals: [{actor: vera, roles: [validator], time: 2026-03-02T12:00:00Z, seq: 6}]
            cases:
              - name: allowed with a validator's approval
                facts: {}
                expect: {result: allow}
              - name: the registrant's own approval does not count
                facts: {approvals: [{actor: dana, roles: [validator], time: 2026-03-02T12:00:00Z, seq: 6}]}
                expect: {result: deny, rules: {one-approval: fail}}

            """)
        return cli
    }
}

@Suite("Governance commands")
struct GovernanceCommandTests {
    @Test("policy check: OK with the set hash; a bad file is reported as FILE:LINE:COLUMN with exit 2")
    func policyCheck() throws {
        let cli = try GovernanceCLI.world()
        let ok = cli.run("policy", "check")
        #expect(ok.code == 0)
        #expect(ok.out.contains("2 files, 1 policies, 3 rules"))
        try cli.write(
            "bad/p.yaml", "name: p\napplies_to: {}\nrules:\n  - {id: r, kind: metric_threshold, metric: auc, op: \">=\", value: 1}\n")
        let bad = cli.run("policy", "check", "bad")
        #expect(bad.code == 2)
        #expect(bad.err.contains("bad/p.yaml:4:"))
        #expect(bad.err.contains("unknown metric 'auc'"))
    }

    @Test("policy test: summary line; exit 1 when a case fails")
    func policyTest() throws {
        let cli = try GovernanceCLI.world()
        let passing = cli.run("policy", "test")
        #expect(passing.code == 0, "\(passing.out)\(passing.err)")
        #expect(passing.out.contains("2 passed, 0 failed"))
        try cli.write(
            "policies/tests/wrong_test.yaml",
            """
            defaults:
              facts:
                model: {name: scorer, owner: dana, risk_tier: medium}
                version: {number: 1, registrant: dana, stage: development, stage_entered_at: 2026-03-01T00:00:00Z}
                request: {requester: dana, target_stage: staging, time: 2026-03-03T00:00:00Z}
            cases:
              - name: wrongly expects allow
                facts: {}
                expect: {result: allow}

            """)
        let failing = cli.run("policy", "test")
        #expect(failing.code == 1)
        #expect(failing.out.contains("2 passed, 1 failed"))
        #expect(failing.out.contains("FAIL  wrongly expects allow"))
    }

    @Test("publish needs policy-admin; promote is denied (exit 1, recorded) then allowed; replay verifies")
    func publishApprovePromote() throws {
        let cli = try GovernanceCLI.world()
        let unpublished = cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(unpublished.code == 1)
        #expect(unpublished.err.contains("no policy set has been published, so no promotion can be decided"), "\(unpublished.err)")
        let notAdmin = cli.run("policy", "publish", "--as", "dana")
        #expect(notAdmin.code == 1)
        #expect(notAdmin.err.contains("dana may not publish policy sets"), "\(notAdmin.err)")
        let published = cli.run("policy", "publish", "--as", "polly")
        #expect(published.code == 0, "\(published.err)")
        #expect(published.out.contains("Published policy set sha256:"))
        #expect(published.out.contains("pending: 1 of 2 people"))
        #expect(cli.run("policy", "publish", "--as", "polly").out.contains("awaits approval"))
        #expect(cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").err.contains("no policy set is in force"))
        #expect(cli.run("policy", "approve", "--as", "polly").code == 1)  // the publisher cannot approve their own set
        let approved = cli.run("policy", "approve", "--as", "rita")
        #expect(approved.code == 0, "\(approved.err)")
        #expect(approved.out.contains("in force since entry"))
        #expect(cli.run("policy", "publish", "--as", "polly").out.contains("already in force"))
        let shown = cli.run("policy", "show", "--json")
        #expect(shown.code == 0)
        #expect(shown.out.contains("\"publisher\" : \"polly\""))

        let denied = cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(denied.code == 1)
        #expect(denied.err.contains("denied: rule 'one-approval'"))
        #expect(denied.err.contains("denied: rule 'card'"))
        #expect(denied.out.contains("Decision"))

        try cli.write("card.md", "# Scorer model card")
        #expect(
            cli.run("evidence", "attach", "scorer", "1", "--kind", "model_card", "--file", "card.md", "--store", "--as", "dana").code == 0)
        let notReviewer = cli.run("approve", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(notReviewer.code == 1)
        #expect(notReviewer.err.contains("dana may not approve versions"), "\(notReviewer.err)")
        #expect(cli.run("approve", "scorer", "1", "--to", "staging", "--comment", "looks good", "--as", "vera").code == 0)
        let explained = cli.run("policy", "explain", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(explained.code == 0)
        #expect(explained.out.contains("Result: allow"))
        #expect(explained.out.contains("counted: vera (validator)"))

        let allowed = cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana", "--json")
        #expect(allowed.code == 0, "\(allowed.err)")
        #expect(allowed.out.contains("\"result\" : \"allow\""))
        #expect(cli.run("model", "show", "scorer", "1").out.contains("stage staging"))
        #expect(cli.run("approval", "list", "scorer", "1").out.contains("vera (validator)"))
        #expect(cli.run("policy", "history").out.contains("(in force)"))

        let verified = cli.run("verify", "--replay")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("replayed 2 promotion decisions"))
    }

    @Test("a rejection blocks until withdrawn; bad input exits 2")
    func rejectAndWithdraw() throws {
        let cli = try GovernanceCLI.world()
        #expect(cli.run("policy", "publish", "--as", "polly").code == 0)
        #expect(cli.run("policy", "approve", "--as", "rita").code == 0)
        try cli.write("card.md", "# card")
        #expect(cli.run("evidence", "attach", "scorer", "1", "--kind", "model_card", "--file", "card.md", "--as", "dana").code == 0)
        #expect(cli.run("approve", "scorer", "1", "--to", "staging", "--as", "vera").code == 0)
        #expect(cli.run("reject", "scorer", "1", "--to", "staging", "--comment", "wait", "--as", "vera").code == 0)
        #expect(cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").code == 1)
        let nothingToWithdraw = cli.run("approval", "withdraw", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(nothingToWithdraw.code == 2)
        #expect(
            nothingToWithdraw.err.contains("dana has no approval or rejection of scorer v1 for staging to withdraw"),
            "\(nothingToWithdraw.err)")
        #expect(cli.run("approval", "withdraw", "scorer", "1", "--to", "staging", "--as", "vera").code == 0)
        // vera withdrew both her approval and her rejection: approve again.
        #expect(cli.run("approve", "scorer", "1", "--to", "staging", "--as", "vera").code == 0)
        #expect(cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").code == 0)
        #expect(cli.run("promote", "scorer", "1", "--to", "nowhere", "--as", "dana").code == 2)
        #expect(cli.run("evidence", "attach", "scorer", "1", "--kind", "model_card", "--file", "missing.md", "--as", "dana").code == 2)
        #expect(cli.run("verify", "--replay").code == 0)
    }
}

extension GovernanceCommandTests {
    @Test("policy diff names what a publication changes; the pending set governs only once approved")
    func policyDiffBeforeApproval() throws {
        let cli = try GovernanceCLI.world()
        #expect(cli.run("policy", "publish", "--as", "polly").code == 0)
        #expect(cli.run("policy", "approve", "--as", "rita").code == 0)
        let first = cli.run("policy", "show", "--json")
        #expect(first.code == 0)
        try cli.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: from-dev, kind: stage_transition, from: [development]}
              - {id: card, kind: required_evidence, documents: [model_card]}

            """)
        let published = cli.run("policy", "publish", "--as", "polly", "--json")
        #expect(published.code == 0, "\(published.err)")
        let diff = cli.run("policy", "diff", "12", "policies")
        #expect(diff.code == 0, "\(diff.err)")
        #expect(diff.out.contains("rule 'one-approval' removed: it was required_approvals, hard_mandatory"))
        #expect(diff.out.contains("--- staging.yaml (changed)"))
        #expect(diff.out.contains("-   - {id: one-approval"))
        #expect(cli.run("policy", "diff", "12", "12").out.contains("identical"))
        #expect(cli.run("policy", "diff", "nowhere", "12").code == 2)
        // Until rita approves, the old set (with its approval rule) still governs staging.
        let shown = cli.run("policy", "show")
        #expect(shown.out.contains("published in entry 12"))
        #expect(shown.out.contains("Pending: policy set"))
        #expect(cli.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").err.contains("one-approval"))
    }
}
