/// One case of a policy test file: facts, and the decision and rule statuses expected.
public struct PolicyTestCase: Hashable, Codable, Sendable {
    /// The case's name (key `name`).
    public var name: String
    /// Free text (key `description`).
    public var description: String?
    /// Where the case is written.
    public var location: SourceLocation
    /// The facts, after merging over the file's `defaults.facts` (key `facts`).
    public var facts: PromotionFacts
    /// The verdict expected (key `expect.result`), or `nil` to not check it.
    public var expectedResult: DecisionResult?
    /// Rule statuses expected, in file order (key `expect.rules`).
    public var expectedRules: [RuleExpectation]

    /// Creates a case.
    /// - Parameters:
    ///   - name: Name.
    ///   - description: Free text.
    ///   - location: Place in the file.
    ///   - facts: Facts.
    ///   - expectedResult: Expected verdict.
    ///   - expectedRules: Expected rule statuses.
    public init(
        name: String, description: String? = nil, location: SourceLocation, facts: PromotionFacts,
        expectedResult: DecisionResult?, expectedRules: [RuleExpectation] = []
    ) {
        self.name = name
        self.description = description
        self.location = location
        self.facts = facts
        self.expectedResult = expectedResult
        self.expectedRules = expectedRules
    }
}

/// The status expected of one rule.
public struct RuleExpectation: Hashable, Codable, Sendable {
    /// The rule id.
    public var ruleID: String
    /// The status expected.
    public var status: RuleStatus
    /// Where the expectation is written.
    public var location: SourceLocation

    /// Creates an expectation.
    /// - Parameters:
    ///   - ruleID: Rule id.
    ///   - status: Expected status.
    ///   - location: Place in the file.
    public init(ruleID: String, status: RuleStatus, location: SourceLocation) {
        self.ruleID = ruleID
        self.status = status
        self.location = location
    }
}
