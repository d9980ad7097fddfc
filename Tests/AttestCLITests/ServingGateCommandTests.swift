import AttestCLI
import Foundation
import Testing

/// `attest deploy` and `attest alias set` against the published policy set's environments and
/// protected aliases: refusals exit 1 and are recorded.
@Suite("Deployment and alias gates (command line)")
struct ServingGateCommandTests {
    /// A ledger with credit-scoring v1 in development and a published set declaring `prod-*`,
    /// `dev-*` and the protected alias `champion`.
    static func world() throws -> CLISandbox {
        let cli = try CLISandbox().initialised(people: ["dana", "polly", "rita"])
        #expect(cli.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(cli.run("actor", "add", "polly", "--role", "policy-admin", "--as", "alice").code == 0)
        #expect(cli.run("actor", "add", "rita", "--role", "risk-officer", "--as", "alice").code == 0)
        #expect(
            cli.run("model", "create", "credit-scoring", "--owner", "dana", "--purpose", "p", "--risk-tier", "high", "--as", "dana").code
                == 0)
        try cli.write("model.bin", "weights")
        let registered = cli.run(
            "model", "register", "credit-scoring", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--as", "dana")
        #expect(registered.code == 0, "\(registered.err)")
        try cli.write(
            "policies/settings.yaml",
            "environments:\n  \"prod-*\": production\n  \"dev-*\": development\nprotected_aliases: [champion]\n")
        try cli.write(
            "policies/production.yaml",
            "name: prod\napplies_to: {target_stage: production}\nrules:\n  - {id: from-staging, kind: stage_transition, from: [staging]}\n")
        let published = cli.run("policy", "publish", "policies", "--as", "polly")
        #expect(published.code == 0, "\(published.err)")
        #expect(cli.run("policy", "approve", "--as", "rita").code == 0)  // the publication quorum
        return cli
    }

    @Test("deploy credit-scoring 1 --environment prod-us --traffic 100 is refused with exit 1 and recorded")
    func deployToProductionOfADevelopmentVersion() throws {
        let cli = try Self.world()
        let refused = cli.run("deploy", "credit-scoring", "1", "--environment", "prod-us", "--traffic", "100", "--as", "alice")
        #expect(refused.code == 1)
        #expect(refused.err.contains("requires production"), "\(refused.err)")
        let undeclared = cli.run("deploy", "credit-scoring", "1", "--environment", "qa", "--traffic", "10", "--as", "alice")
        #expect(undeclared.code == 1)
        #expect(undeclared.err.contains("matches no environment declared"), "\(undeclared.err)")
        let alias = cli.run("alias", "set", "credit-scoring", "champion", "1", "--as", "alice")
        #expect(alias.code == 1)
        #expect(alias.err.contains("alias 'champion' is protected"), "\(alias.err)")
        let log = cli.run("log", "--json")
        #expect(log.out.components(separatedBy: "action.refused").count - 1 == 3, "\(log.out)")
        #expect(cli.run("deploy", "credit-scoring", "1", "--environment", "dev-1", "--traffic", "100", "--as", "alice").code == 0)
        #expect(cli.run("verify").code == 0)
    }
}
