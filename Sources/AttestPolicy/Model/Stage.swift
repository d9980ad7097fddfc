/// A lifecycle stage of a model version, such as `staging` or `production`.
///
/// Stages are names: the policy set's settings list which ones exist (by default
/// ``Stage/defaultStages``), and the loader rejects a policy that names any other.
public struct Stage: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The stage's name as written in policies and facts.
    public let rawValue: String

    /// Creates a stage from its name.
    /// - Parameter rawValue: The stage's name, for example `production`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a stage from its name.
    /// - Parameter rawValue: The stage's name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Creates a stage from a string literal.
    /// - Parameter value: The stage's name.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Creates a stage from a single string value.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the stage as its name.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The stage's name.
    public var description: String { rawValue }

    /// Orders stages by name, for stable output.
    /// - Parameters:
    ///   - lhs: A stage.
    ///   - rhs: Another stage.
    /// - Returns: Whether `lhs` sorts before `rhs`.
    public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Where a new version starts.
    public static let development: Stage = "development"
    /// Pre-production validation.
    public static let staging: Stage = "staging"
    /// Serving real decisions.
    public static let production: Stage = "production"
    /// Retired; kept for the record.
    public static let archived: Stage = "archived"

    /// The stages a policy set knows when its settings do not list them.
    public static let defaultStages: [Stage] = [.development, .staging, .production, .archived]
}
