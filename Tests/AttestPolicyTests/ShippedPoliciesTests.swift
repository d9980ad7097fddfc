import AttestPolicy
import Foundation
import Testing

@Suite("Shipped policies")
struct ShippedPoliciesTests {
    @Test("the shipped policy set loads, sorted by path, with exact bytes")
    func loads() throws {
        let set = try PolicySetLoader.load(directory: policiesDirectory)
        #expect(set.files.map(\.path) == ["production.yaml", "settings.yaml", "staging.yaml"])
        #expect(set.policies.map(\.name) == ["production-gate", "staging-gate"])
        let onDisk = try Data(contentsOf: policiesDirectory.appendingPathComponent("production.yaml"))
        #expect(set.files[0].bytes == onDisk)
        #expect(set.settings.allowUngovernedTargets.contains(.archived))
        // The published copy loads to the same set.
        #expect(try PolicySetLoader.load(files: set.files.reversed()) == set)
    }

    @Test("every shipped policy test case passes")
    func shippedCasesPass() throws {
        let set = try PolicySetLoader.load(directory: policiesDirectory)
        let cases = try PolicyTestLoader.load(directory: policiesDirectory.appendingPathComponent("tests"))
        #expect(cases.count >= 30)
        let results = PolicyTestRunner.run(set: set, cases: cases)
        for result in results where !result.passed {
            Issue.record("\(result.name): \(result.mismatches.joined(separator: "\n"))")
        }
        #expect(PolicyTestSummary(results).failed == 0)
    }
}
