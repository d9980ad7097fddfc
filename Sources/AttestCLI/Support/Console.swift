import AttestLedger
import Foundation

/// Where commands print, and the environment they read. Task-local so that tests run commands
/// in-process with captured output and their own environment.
public final class Console: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access to the buffers.
    private let lock = NSLock()
    private var outBuffer = ""
    private var errBuffer = ""
    private let capturing: Bool

    /// The environment commands read (`ATTEST_HOME`, `ATTEST_ACTOR`, ...).
    public let environment: [String: String]
    /// The working directory used to find the ledger.
    public let workingDirectory: String
    /// Whether standard error is a terminal (progress, prompts).
    public let isInteractive: Bool

    /// A console writing to the process's standard output and error.
    public static let process = Console(
        capturing: false, environment: ProcessInfo.processInfo.environment,
        workingDirectory: FileManager.default.currentDirectoryPath, isInteractive: isatty(2) == 1 && isatty(0) == 1)

    /// The console of the running command.
    @TaskLocal public static var current: Console = .process

    /// Makes a console.
    /// - Parameters:
    ///   - capturing: keep output in memory instead of writing it.
    ///   - environment: the environment to read.
    ///   - workingDirectory: where relative paths start.
    ///   - isInteractive: whether a person is at a terminal.
    public init(capturing: Bool, environment: [String: String], workingDirectory: String, isInteractive: Bool = false) {
        self.capturing = capturing
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.isInteractive = isInteractive
    }

    /// Prints a line to standard output. Control characters, escape sequences and bidirectional
    /// formatting characters are shown as `\u{XX}` (`TerminalText.escapeBlock`): nothing a person
    /// typed into the ledger reaches the terminal raw.
    public func out(_ text: String = "") { write(TerminalText.escapeBlock(text) + "\n", error: false) }
    /// Prints a line to standard error, escaped like `out`.
    public func err(_ text: String) { write(TerminalText.escapeBlock(text) + "\n", error: true) }
    /// Prints to standard error without a newline (progress lines).
    public func progress(_ text: String) {
        guard isInteractive else { return }
        write("\r" + TerminalText.escapeField(text), error: true)
    }

    /// What was printed to standard output, when capturing.
    public var capturedOut: String { lock.withLock { outBuffer } }
    /// What was printed to standard error, when capturing.
    public var capturedErr: String { lock.withLock { errBuffer } }

    private func write(_ text: String, error: Bool) {
        if capturing {
            lock.withLock { if error { errBuffer += text } else { outBuffer += text } }
        } else {
            FileHandle(fileDescriptor: error ? 2 : 1).write(Data(text.utf8))
        }
    }

    /// Resolves a path against the working directory.
    public func url(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded) }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(expanded)
    }
}
