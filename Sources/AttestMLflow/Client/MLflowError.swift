/// An error talking to MLflow or importing from it. Every message names the server and, when
/// there is one, the model and version; the code decides the exit code (docs/mlflow.md).
public struct MLflowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable {
        /// The exit code it maps to.
        public let exit: Int32
        /// The `--json` error code.
        public let name: String
        /// The server cannot be reached, timed out, or answered 5xx (exit 3): retry later.
        public static let unavailable = Code(exit: 3, name: "system")
        /// The server refused the credentials (HTTP 401 or 403) (exit 2).
        public static let authentication = Code(exit: 2, name: "badInput")
        /// Something named does not exist in MLflow, or an answer is not what the API promises (exit 2).
        public static let badInput = Code(exit: 2, name: "badInput")
        /// A check failed: an alias no decision allows (exit 1).
        public static let refused = Code(exit: 1, name: "refused")
    }

    /// The kind of failure.
    public let code: Code
    /// The message.
    public let message: String

    /// Makes an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: the message, naming the server, model and version.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The same error with `context` (e.g. `MLflow model credit v3`) in front of its message.
    /// - Parameter context: what was being done.
    /// - Returns: the error, its message prefixed.
    public func about(_ context: String) -> MLflowError { MLflowError(code, "\(context): \(message)") }

    /// The message.
    public var description: String { message }

    /// Runs `body`; an `MLflowError` it throws gets `context` in front of its message.
    /// - Parameters:
    ///   - context: what was being done, e.g. `MLflow model credit`.
    ///   - body: the work.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, an `MLflowError` with `context` added.
    static func annotating<T>(_ context: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MLflowError { throw error.about(context) }
    }
}
