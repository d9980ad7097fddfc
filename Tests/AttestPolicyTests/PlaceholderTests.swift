import Testing
@Test func policyPlaceholder() { #expect(Bool(true)) }
