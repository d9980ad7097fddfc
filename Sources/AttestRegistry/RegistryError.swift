import AttestLedger

/// The one error type of the registry. `refused` failures by a known actor are themselves
/// recorded in the ledger as `action.refused` entries.
public struct RegistryError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// Malformed input: a bad `K=V`, an invalid name, an unknown stage.
        case badInput
        /// An unknown actor, model, version, role or file.
        case notFound
        /// A duplicate name.
        case alreadyExists
        /// The actor lacks the role, or the action breaks a rule (retired version, last admin).
        case refused
    }

    /// The kind of failure.
    public let code: Code
    /// A message naming the input and what to do.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A description for people.
    public var description: String { message }

    /// The documented exit code: 1 for a refusal, 2 for bad input.
    public var exitCode: Int32 { code == .refused ? 1 : 2 }
}
