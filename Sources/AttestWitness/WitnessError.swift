import Foundation

/// A failure of the witness or of a client talking to one, with a message for people.
public struct WitnessError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The state folder or a file in it cannot be read or written.
        case storage
        /// A configuration (log list, key, address) is malformed.
        case badInput
        /// A witness answered with a refusal or an unexpected status.
        case refused
        /// A witness could not be reached or did not answer in time.
        case unreachable
    }

    /// What kind of failure.
    public let code: Code
    /// The message, naming the file or witness.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
