import AttestLedger
import AttestRegistry
import Foundation
import Testing

@testable import AttestReports

/// Reports and the inventory list every serving version (deployments with environment and
/// traffic, aliases); one that no allowing decision backs is an open issue.
@Suite(.serialized) struct ServingReportTests {
    @Test("the report and the inventory list every deployment and alias; the champion left on archived v1 is an open issue")
    func servingIsListed() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let serving = report.summary.serving
        #expect(serving.map(\.kind) == ["alias", "deployment"])
        let champion = try #require(serving.first)
        #expect(champion.alias == "champion" && champion.version == 1 && champion.stage == "archived" && !champion.backed)
        #expect(champion.requiredStage == "production")
        let deployment = try #require(serving.last)
        #expect(deployment.environment == "prod-eu" && deployment.traffic == 100 && deployment.version == 2)
        #expect(deployment.backed && deployment.declaredAs == "prod-*" && deployment.decision != nil)
        #expect(report.summary.servingPolicy.environments.first == "prod-*: production")
        #expect(report.summary.servingPolicy.protectedAliases == ["champion"])
        let issues = report.summary.openIssues.filter { $0.kind == "unbacked_serving" }
        #expect(issues.map(\.entries) == [[champion.entry]])
        let inventory = try ReportCollector(registry: scenario.registry, now: scenario.now, generator: "attest test").inventory()
        #expect(inventory.models.first?.serving == serving)
        #expect(inventory.totals.serving == 2 && inventory.totals.unbackedServing == 1)
        let markdown = try ReportRenderer().render(report, as: .markdown)
        #expect(markdown.contains("| v1 | **alias champion** | archived | production |"))
        let html = try ReportRenderer().render(report, as: .html)
        #expect(html.contains(#"<td class="bad">NOT BACKED: protected alias"#))
        #expect(html.contains(#"<td class="ok">backed by decision"#))
    }

    @Test("a deployment written around the commands, of a version no decision allowed into production, is an open issue")
    func forgedDeploymentIsAnOpenIssue() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        scenario.clock.advance()
        let v3 = try scenario.register(tag: "c", parent: 2)
        let forged = try scenario.registry.ledger.append(
            EntryDraft(
                type: EventType.deployed,
                payload: Array(#"{"environment":"prod-us","model":"credit-risk","traffic":5,"version":\#(v3)}"#.utf8)),
            signer: scenario.signer("alice"))
        let undeclared = try scenario.registry.ledger.append(
            EntryDraft(
                type: EventType.deployed, payload: Array(#"{"environment":"shadow","model":"credit-risk","traffic":1,"version":2}"#.utf8)),
            signer: scenario.signer("alice"))
        let report = try scenario.report()
        let issues = report.summary.openIssues.filter { $0.kind == "unbacked_serving" }
        #expect(issues.contains { $0.entries == [forged.sequence] && $0.detail.contains("requires production, but v3 is in development") })
        #expect(issues.contains { $0.entries == [undeclared.sequence] && $0.detail.contains("'shadow' matches no environment declared") })
        let scoped = try scenario.report(version: v3)
        #expect(scoped.summary.serving.map(\.entry) == [forged.sequence])
    }

    @Test(
        "an MLflow alias follows its webhook deliveries and reverts: backed on a production version, an open issue on one Attest never recorded, gone once deleted"
    )
    func mlflowAliasesFollowDeliveries() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        func record(_ type: String, _ json: String) throws -> UInt64 {
            scenario.clock.advance()
            return try scenario.registry.ledger.append(EntryDraft(type: type, payload: Array(json.utf8)), signer: scenario.signer("alice"))
                .sequence
        }
        let common =
            #""bodyDigest":"sha256:00","entity":"model_version_alias","mlflowName":"credit","model":"credit-risk","timestamp":1,"trackingUri":"http://127.0.0.1:5000""#
        let onV2 = try record(
            EventType.mlflowWebhookReceived,
            #"{"action":"created","alias":"champion",\#(common),"deliveryId":"d1","mlflowVersion":7,"version":2}"#)
        var champion = try #require(try scenario.report().summary.serving.first { $0.kind == "mlflow_alias" })
        #expect(
            champion.entry == onV2 && champion.version == 2 && champion.mlflowVersion == 7 && champion.backed && champion.decision != nil)
        let unknown = try record(
            EventType.mlflowWebhookReceived, #"{"action":"created","alias":"champion",\#(common),"deliveryId":"d2","mlflowVersion":9}"#)
        let report = try scenario.report()
        champion = try #require(report.summary.serving.first { $0.kind == "mlflow_alias" })
        #expect(champion.entry == unknown && champion.version == 0 && champion.mlflowVersion == 9 && !champion.backed)
        let issue = try #require(report.summary.openIssues.first { $0.entries == [unknown] })
        #expect(issue.kind == "unbacked_serving" && issue.detail.contains("MLflow alias 'champion' → MLflow v9 is not backed"), "\(issue)")
        #expect(issue.detail.contains("which Attest never recorded"))
        let html = try ReportRenderer().render(report, as: .html)
        #expect(html.contains("MLflow alias champion (MLflow v9)"))
        _ = try record(
            EventType.mlflowAliasReverted,
            #"{"alias":"champion","mlflowName":"credit","mlflowVersion":9,"model":"credit-risk","reason":"r","trackingUri":"http://127.0.0.1:5000"}"#
        )
        let after = try scenario.report()
        #expect(!after.summary.serving.contains { $0.kind == "mlflow_alias" })
        #expect(!after.summary.openIssues.contains { $0.detail.contains("MLflow alias") })
    }
}
