/// Why an admission answer could not be made or checked.
public struct AdmissionError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The input is not an admission answer at all, or an argument is malformed (exit 2).
        case badInput
        /// The answer is an answer but does not check out: signature, proofs, names, freshness (exit 1).
        case failed
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and where.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A description for people.
    public var description: String { message }

    /// The documented exit code: 2 for bad input, 1 for a failed check.
    public var exitCode: Int32 { code == .badInput ? 2 : 1 }
}
