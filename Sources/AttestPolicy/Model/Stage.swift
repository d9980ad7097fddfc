/// A lifecycle stage of a model version, such as `staging` or `production`: the one stage type
/// of Attest, shared by policies, facts and the registry.
///
/// Stages are names, in ``Stage/lifecycle`` order. A policy set's settings may list a subset of
/// them (by default all of ``Stage/defaultStages``); the loader rejects any other name, because no
/// version can be in a stage the registry's lifecycle does not have.
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

    /// Every stage a version can be in, in lifecycle order.
    public static let lifecycle: [Stage] = [.development, .staging, .production, .archived]

    /// The stages a policy set knows when its settings do not list them: the whole lifecycle.
    public static let defaultStages: [Stage] = lifecycle

    /// Whether the stage is one of the ``lifecycle``'s.
    public var isInLifecycle: Bool { Self.lifecycle.contains(self) }

    /// Orders stages by their place in the ``lifecycle`` (development first), unlike `<`, which
    /// orders by name.
    /// - Parameters:
    ///   - lhs: A stage.
    ///   - rhs: Another stage.
    /// - Returns: Whether `lhs` comes before `rhs` in the lifecycle; stages outside it come last.
    public static func precedesInLifecycle(_ lhs: Stage, _ rhs: Stage) -> Bool {
        let end = lifecycle.count
        return (lifecycle.firstIndex(of: lhs) ?? end) < (lifecycle.firstIndex(of: rhs) ?? end)
    }
}
