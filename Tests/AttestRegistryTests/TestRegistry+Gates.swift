import AttestLedger
import AttestPolicy
import Foundation

@testable import AttestRegistry

extension TestRegistry {
    /// Publishes a minimal policy set (by a new policy-admin, `polly`, approved by a new risk
    /// officer, `ravi`) whose settings declare
    /// `environments` (glob to stage) and `protected_aliases`, so that deployments and aliases are
    /// allowed where the test needs them.
    func publishGates(environments: [(String, String)], protectedAliases: [String] = []) throws {
        let polly = try Signer(name: "polly", key: .generate())
        try registry.addActor("polly", publicKey: polly.verifierKey, roles: [BuiltInRole.policyAdmin], by: alice)
        var settings = "environments:\n"
        for (glob, stage) in environments { settings += "  \"\(glob)\": \(stage)\n" }
        settings += "protected_aliases: [\(protectedAliases.joined(separator: ", "))]\n"
        let policy = """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: staging-from-development, kind: stage_transition, from: [development]}

            """
        let published = try registry.publishPolicySet(
            [
                PolicySourceFile(path: "settings.yaml", bytes: Data(settings.utf8)),
                PolicySourceFile(path: "staging.yaml", bytes: Data(policy.utf8)),
            ],
            by: polly)
        // A second person puts it in force (the publication quorum).
        let approver = try Signer(name: "ravi", key: .generate())
        try registry.addActor("ravi", publicKey: approver.verifierKey, roles: [BuiltInRole.riskOfficer], by: alice)
        try registry.approvePolicySet(publication: published.entry, by: approver)
    }
}
