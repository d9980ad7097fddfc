import Testing
@Test func metricsPlaceholder() { #expect(Bool(true)) }
