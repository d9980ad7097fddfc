import Foundation

/// An error of the supply-chain integrations: a malformed envelope or bundle (exit 2), a signature
/// that does not verify or does not match the registered files (exit 1), or a file that cannot be
/// read. Every message names the input and, for a malformed document, the field.
public struct IntegrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which decides the exit code.
    public struct Code: Hashable, Sendable {
        let raw: Int
        /// Malformed input: a file that is not what it claims to be (exit 2). Nothing is recorded.
        public static let badInput = Code(raw: 2)
        /// A well-formed signature that does not verify, or does not match the registered files
        /// (exit 1). The registry records the refusal.
        public static let refused = Code(raw: 1)
        /// A storage or system failure (exit 3).
        public static let storage = Code(raw: 3)
    }

    /// The kind of failure.
    public let code: Code
    /// The message, naming the input, the field and what to do.
    public let message: String

    /// Makes an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: the message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A malformed field of a named input.
    /// - Parameters:
    ///   - source: the input (a file name).
    ///   - field: the field's path, e.g. `dsseEnvelope.payloadType`.
    ///   - problem: what is wrong.
    /// - Returns: a `.badInput` error reading `source: field: problem`.
    public static func malformed(_ source: String, _ field: String, _ problem: String) -> IntegrationError {
        IntegrationError(.badInput, "\(source): \(field): \(problem)")
    }

    /// The documented exit code: 2 bad input, 1 refused, 3 storage.
    public var exitCode: Int32 { Int32(code.raw) }

    /// The code's name for `--json` errors: `badInput`, `refused` or `storage`.
    public var codeName: String {
        switch code {
        case .refused: "refused"
        case .storage: "storage"
        default: "badInput"
        }
    }

    /// The message.
    public var description: String { message }
}
