import AttestLedger
import Testing

@testable import AttestRegistry

/// Expects `body` to throw a `RegistryError` with exactly `code` and a message containing
/// `fragment`: a refusal for the wrong reason, or another error type, fails the test.
/// - Returns: the error, for further checks.
@discardableResult
func expectRegistryError(
    _ code: RegistryError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> RegistryError? {
    let error = #expect(throws: RegistryError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "expected \(code): \(String(describing: error))", sourceLocation: sourceLocation)
    #expect(
        error?.message.contains(fragment) == true, "'\(fragment)' is not in: \(error?.message ?? "no error")",
        sourceLocation: sourceLocation)
    return error
}

/// Expects `body` to throw a `LedgerError` with exactly `code` and a message containing `fragment`.
/// - Returns: the error, for further checks.
@discardableResult
func expectLedgerError(
    _ code: LedgerError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> LedgerError? {
    let error = #expect(throws: LedgerError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "expected \(code): \(String(describing: error))", sourceLocation: sourceLocation)
    #expect(
        error?.message.contains(fragment) == true, "'\(fragment)' is not in: \(error?.message ?? "no error")",
        sourceLocation: sourceLocation)
    return error
}
