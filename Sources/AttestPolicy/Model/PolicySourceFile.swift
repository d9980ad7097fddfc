public import Foundation

/// A policy file's exact bytes and its path, as read from disk or from the ledger.
///
/// The registry hashes and publishes these bytes; loading a published set from the
/// ledger reproduces the same ``PolicySet``.
public struct PolicySourceFile: Hashable, Codable, Sendable {
    /// The path relative to the policy directory, with `/` separators.
    public var path: String
    /// The file's bytes, verbatim.
    public var bytes: Data

    /// Creates a source file.
    /// - Parameters:
    ///   - path: Relative path.
    ///   - bytes: Exact bytes.
    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }
}
