import AttestLedger
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

/// Deployments and aliases are gated by the published policy set's `environments` and
/// `protected_aliases` (policies/settings.yaml declares `prod-*: production`, `staging-*:
/// staging`, `dev-*: development` and protects `champion`), and the same entries written around
/// the commands are caught by the authority check that `attest verify` runs.
@Suite("Deployment and alias gates")
struct ServingGateTests {
    static let model = GovernanceWorld.model

    /// A version in staging whose promotion to production was denied (no approvals).
    static func deniedProduction(_ world: GovernanceWorld) throws -> Int {
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let denied = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(!denied.allowed)
        return version
    }

    /// A version promoted to production with two approvals, past the cooldown.
    static func inProduction(_ world: GovernanceWorld, tag: String = "a") throws -> Int {
        let version = try world.versionInStaging(tag: tag)
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        let outcome = try world.registry.promote(
            Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        #expect(outcome.allowed, "\(outcome.reasons)")
        return version
    }

    /// The last entry, decoded as a refusal.
    static func lastRefusal(_ world: GovernanceWorld) throws -> ActionRefused? {
        let ledger = world.registry.ledger
        let last = try ledger.entry(at: try ledger.size() - 1)
        guard last.type == EventType.actionRefused else { return nil }
        return try JSONDecoder().decode(ActionRefused.self, from: Data(last.payload))
    }

    @Test("deploy credit-scoring 1 --environment prod-us --traffic 100 of a version denied production is refused and recorded")
    func deployOfVersionDeniedProductionIsRefusedAndRecorded() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        let size = try world.registry.ledger.size()
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "prod-us", traffic: 100, by: world.signer("alice"))
        } throws: { error in
            let error = error as? RegistryError
            return error?.code == .refused && error?.message.contains("is in staging") == true
                && error?.message.contains("'prod-us' (declared as 'prod-*'") == true
                && error?.message.contains("requires production") == true
        }
        #expect(try world.registry.ledger.size() == size + 1, "only the refusal is written")
        let refusal = try Self.lastRefusal(world)
        #expect(refusal?.action == "model.deploy")
        #expect(refusal?.version == version)
        #expect(refusal?.reason.contains("requires production") == true)
        #expect(try world.registry.version(Self.model, version).deployments.isEmpty)
        #expect(try AuthorityCheck.problems(in: world.registry).isEmpty)
    }

    @Test("a deployment to an environment no glob declares is refused and recorded")
    func undeclaredEnvironmentIsRefused() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "qa-1", traffic: 10, by: world.signer("alice"))
        } throws: { error in
            let message = (error as? RegistryError)?.message ?? ""
            return (error as? RegistryError)?.code == .refused
                && message.contains("environment 'qa-1' matches no environment declared by the policy set in force")
                && message.contains("prod-* (production), staging-* (staging), dev-* (development)")
        }
        #expect(try Self.lastRefusal(world)?.reason.contains("qa-1") == true)
        // A glob matches the whole name: 'preprod-us' is not 'prod-*'.
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "preprod-us", traffic: 10, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("matches no environment declared") == true }
    }

    @Test("a version in the stage its environment requires is deployed; a withdrawal is never gated")
    func deploymentsInTheRequiredStage() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        try world.registry.deploy(Self.model, version: version, environment: "staging-eu", traffic: 50, by: world.signer("alice"))
        #expect(try world.registry.version(Self.model, version).deployments == ["staging-eu": 50])
        try world.registry.deploy(Self.model, version: version, environment: "staging-eu", traffic: 0, by: world.signer("alice"))
        try world.registry.deploy(Self.model, version: version, environment: "qa-1", traffic: 0, by: world.signer("alice"))
        #expect(try world.registry.version(Self.model, version).deployments.isEmpty)
        let production = try Self.inProduction(world, tag: "b")
        try world.registry.deploy(Self.model, version: production, environment: "prod-us", traffic: 100, by: world.signer("alice"))
        try world.registry.setAlias("champion", model: Self.model, version: production, by: world.signer("rick"))
        #expect(try world.registry.version(Self.model, production).aliases == ["champion"])
        #expect(try AuthorityCheck.problems(in: world.registry).isEmpty)
    }

    @Test("alias set champion on a staging version is refused and recorded; an unprotected alias is not gated")
    func protectedAliasOnStagingVersionIsRefused() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        #expect {
            try world.registry.setAlias("champion", model: Self.model, version: version, by: world.signer("rick"))
        } throws: { error in
            (error as? RegistryError)?.code == .refused
                && (error as? RegistryError)?.message.contains("alias 'champion' is protected") == true
                && (error as? RegistryError)?.message.contains("v\(version) is in staging") == true
        }
        let refusal = try Self.lastRefusal(world)
        #expect(refusal?.action == "model.alias")
        #expect(refusal?.reason.contains("champion") == true)
        #expect(try world.registry.version(Self.model, version).aliases.isEmpty)
        try world.registry.setAlias("challenger", model: Self.model, version: version, by: world.signer("rick"))
        #expect(try world.registry.version(Self.model, version).aliases == ["challenger"])
    }

    @Test("without a published policy set nothing is deployed and no alias is set (fail closed)")
    func noPublishedPolicySetFailsClosed() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "dev-1", traffic: 100, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("no policy set is in force") == true }
        #expect(try Self.lastRefusal(world)?.action == "model.deploy")
        #expect {
            try world.registry.setAlias("challenger", model: Self.model, version: version, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("no policy set is in force") == true }
        #expect(try Self.lastRefusal(world)?.action == "model.alias")
    }

    @Test("the same deployments and aliases forged through the library are reported by the authority check at their entries")
    func forgedDeploymentsAndAliasesAreCaughtByVerify() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        let ledger = world.registry.ledger
        let admin = world.signer("alice")
        let toProduction = try ledger.append(
            EntryDraft(
                type: EventType.deployed,
                encoding: Deployed(model: Self.model, version: version, environment: "prod-us", traffic: 100)),
            signer: admin)
        let undeclared = try ledger.append(
            EntryDraft(
                type: EventType.deployed, encoding: Deployed(model: Self.model, version: version, environment: "qa-1", traffic: 10)),
            signer: admin)
        let champion = try ledger.append(
            EntryDraft(type: EventType.aliasSet, encoding: AliasChange(model: Self.model, alias: "champion", version: version)),
            signer: admin)
        #expect(try LedgerVerifier().verify(ledger).isValid, "every signature is valid: only the authority check sees it")
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [toProduction.sequence, undeclared.sequence, champion.sequence])
        #expect(problems.allSatisfy { $0.kind == .unauthorized })
        #expect(problems.first?.detail.contains("requires production") == true)
        #expect(problems.dropFirst().first?.detail.contains("'qa-1' matches no environment") == true)
        #expect(problems.last?.detail.contains("alias 'champion' is protected") == true)
    }

    @Test("a deployment forged before any policy set was published is reported (fail closed)")
    func forgedDeploymentWithoutPolicySetIsCaught() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let forged = try world.registry.ledger.append(
            EntryDraft(
                type: EventType.deployed, encoding: Deployed(model: Self.model, version: version, environment: "dev-1", traffic: 100)),
            signer: world.signer("alice"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [forged.sequence])
        #expect(problems.first?.detail.contains("no policy set is in force") == true)
    }

    @Test("a lone policy-admin's unapproved set that declares no environments ungates nothing")
    func unapprovedSetWithoutEnvironmentsUngatesNothing() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let copy = try world.policyCopy()
        let settings = copy.appendingPathComponent("settings.yaml")
        var text = try String(contentsOf: settings, encoding: .utf8)
        text = String(text[..<text.range(of: "environments:")!.lowerBound])
        try Data(text.utf8).write(to: settings)
        let pending = try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: copy), by: world.signer("polly"))
        #expect(pending.entry > 0)
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "prod-us", traffic: 100, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("no policy set is in force") == true }
        #expect(try Self.lastRefusal(world)?.action == "model.deploy")
        #expect {
            try world.registry.setAlias("champion", model: Self.model, version: version, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("no policy set is in force") == true }
        let forged = try world.registry.ledger.append(
            EntryDraft(
                type: EventType.deployed, encoding: Deployed(model: Self.model, version: version, environment: "prod-us", traffic: 100)),
            signer: world.signer("alice"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [forged.sequence])
        #expect(problems.first?.detail.contains("no policy set is in force") == true)
    }

    @Test("a deployment is judged by the settings in force at its entry, not by later ones")
    func settingsInForceAtTheEntry() throws {
        let world = try GovernanceWorld()
        let version = try Self.deniedProduction(world)
        try world.registry.deploy(Self.model, version: version, environment: "staging-eu", traffic: 10, by: world.signer("alice"))
        // A later set that no longer declares staging-* leaves the earlier deployment authorized.
        let copy = try world.policyCopy()
        let settings = copy.appendingPathComponent("settings.yaml")
        let text = try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(of: "  \"staging-*\": staging\n", with: "")
        try Data(text.utf8).write(to: settings)
        let republished = try world.registry.publishPolicySet(try PolicySetLoader.sourceFiles(in: copy), by: world.signer("polly"))
        try world.registry.approvePolicySet(publication: republished.entry, by: world.signer("rick"))
        #expect(try AuthorityCheck.problems(in: world.registry).isEmpty)
        #expect {
            try world.registry.deploy(Self.model, version: version, environment: "staging-us", traffic: 10, by: world.signer("alice"))
        } throws: { ($0 as? RegistryError)?.message.contains("matches no environment declared") == true }
    }
}
