/// A place in a policy or test file: path, line and column (both from 1).
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The file's path, relative to the policy directory when loaded from one.
    public var path: String
    /// The line, from 1; 0 when unknown.
    public var line: Int
    /// The column, from 1 and counted in Unicode scalars; 0 when unknown.
    public var column: Int

    /// Creates a location.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - line: The line, from 1.
    ///   - column: The column, from 1.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`, or just `path` when the position is unknown.
    public var description: String {
        line > 0 ? "\(path):\(line):\(column)" : path
    }
}
