/// The result of running one policy test case.
public struct CaseResult: Hashable, Codable, Sendable {
    /// The case run.
    public var name: String
    /// Where the case is written.
    public var location: SourceLocation
    /// Whether the decision matched every expectation.
    public var passed: Bool
    /// One sentence per expectation not met, each starting with its file location.
    public var mismatches: [String]
    /// The decision the engine made.
    public var decision: Decision

    /// Creates a result.
    /// - Parameters:
    ///   - name: Case name.
    ///   - location: Place.
    ///   - passed: Whether it passed.
    ///   - mismatches: Unmet expectations.
    ///   - decision: The decision.
    public init(name: String, location: SourceLocation, passed: Bool, mismatches: [String], decision: Decision) {
        self.name = name
        self.location = location
        self.passed = passed
        self.mismatches = mismatches
        self.decision = decision
    }
}

/// Counts of a policy test run.
public struct PolicyTestSummary: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Cases that passed.
    public var passed: Int
    /// Cases that failed.
    public var failed: Int

    /// Summarises results.
    /// - Parameter results: The results of a run.
    public init(_ results: [CaseResult]) {
        passed = results.count { $0.passed }
        failed = results.count - passed
    }

    /// Whether every case passed (and there was at least one).
    public var succeeded: Bool { failed == 0 && passed > 0 }

    /// `N passed, M failed`.
    public var description: String { "\(passed) passed, \(failed) failed" }
}
