import AttestLedger

/// Attest's documented, stable exit codes (docs/cli.md).
public enum AttestExit {
    /// Success.
    public static let success: Int32 = 0
    /// A refused action or a failed check (verification failed, promotion denied).
    public static let refused: Int32 = 1
    /// Bad input: a malformed file, an unknown name, a missing file, a wrong passphrase.
    public static let badInput: Int32 = 2
    /// A storage or system failure: disk full, read-only ledger, lock wait exceeded.
    public static let system: Int32 = 3
    /// A command-line usage error (swift-argument-parser's convention).
    public static let usage: Int32 = 64
}

/// A failure a command reports: a message for stderr and an exit code.
public struct CommandFailure: Error, CustomStringConvertible {
    /// The message.
    public let message: String
    /// The exit code.
    public let exitCode: Int32

    /// Makes a failure.
    public init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A bad-input failure (exit 2).
    public static func badInput(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: AttestExit.badInput) }
    /// A refusal or failed check (exit 1).
    public static func refused(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: AttestExit.refused) }

    /// The error code of the `--json` error object: `refused`, `badInput`, `system` or `usage`.
    public var code: String {
        switch exitCode {
        case AttestExit.refused: "refused"
        case AttestExit.badInput: "badInput"
        case AttestExit.usage: "usage"
        default: "system"
        }
    }

    /// A usage error (exit 64): options that do not go together.
    public static func usage(_ message: String) -> CommandFailure { CommandFailure(message, exitCode: AttestExit.usage) }

    /// A description for people.
    public var description: String { message }
}
