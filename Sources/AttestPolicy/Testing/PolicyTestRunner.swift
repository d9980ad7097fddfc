/// Runs policy test cases against a policy set, like `opa test`.
public enum PolicyTestRunner {
    /// Evaluates every case and compares the decision with its expectations.
    /// - Parameters:
    ///   - set: The policy set under test.
    ///   - cases: The cases, e.g. from ``PolicyTestLoader``.
    /// - Returns: One result per case, in order.
    public static func run(set: PolicySet, cases: [PolicyTestCase]) -> [CaseResult] {
        cases.map { run(set: set, case: $0) }
    }

    /// Evaluates one case.
    /// - Parameters:
    ///   - set: The policy set.
    ///   - testCase: The case.
    /// - Returns: Its result.
    public static func run(set: PolicySet, case testCase: PolicyTestCase) -> CaseResult {
        let decision = PolicyEngine.evaluate(set: set, facts: testCase.facts)
        var mismatches: [String] = []
        if let expected = testCase.expectedResult, expected != decision.result {
            let why = decision.reasons.isEmpty ? "" : " (" + decision.reasons.joined(separator: "; ") + ")"
            mismatches.append(
                "\(testCase.location): expected result \(expected.rawValue), got "
                    + decision.result.rawValue + why)
        }
        for expectation in testCase.expectedRules {
            guard let outcome = decision.outcome(ruleID: expectation.ruleID) else {
                mismatches.append(
                    "\(expectation.location): rule '\(expectation.ruleID)' was not evaluated "
                        + "(no applicable policy has it; applicable: \(decision.policies.joined(separator: ", ")))")
                continue
            }
            if outcome.status != expectation.status {
                mismatches.append(
                    "\(expectation.location): rule '\(expectation.ruleID)' expected "
                        + "\(expectation.status.rawValue), got \(outcome.status.rawValue): \(outcome.message)")
            }
        }
        return CaseResult(
            name: testCase.name, location: testCase.location, passed: mismatches.isEmpty, mismatches: mismatches,
            decision: decision)
    }
}
