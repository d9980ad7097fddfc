/// The one error type of the reports module: a code and a message that names the input, the
/// place and what to do.
public struct ReportError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// A template or mapping file that cannot be read or parsed.
        case badTemplate
        /// An argument that cannot be used (unknown model or version, bad time range, bad path).
        case badInput
        /// A bundle that is not in the documented format.
        case malformedBundle
        /// A bundle whose contents do not verify.
        case verificationFailed
        /// A file that cannot be written.
        case io
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, where, and what to do.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A description for people.
    public var description: String { message }

    /// The documented exit code: 1 for a failed verification, 2 for bad input, 3 for I/O.
    public var exitCode: Int32 {
        switch code {
        case .verificationFailed, .malformedBundle: 1
        case .io: 3
        default: 2
        }
    }

    /// A decoding error in words, with its coding path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context).isEmpty ? "the top" : path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context).isEmpty ? "the top" : path(context))"
        @unknown default: return "\(error)"
        }
    }
}
