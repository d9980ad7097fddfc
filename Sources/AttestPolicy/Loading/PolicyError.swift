/// An error in a policy file, a settings file or a policy test file: malformed YAML,
/// an unknown key, kind or metric, a wrong type, a missing parameter, a duplicate id...
///
/// Its description reads like a compiler's, `path:line:column: error: message`, followed
/// by the valid choices when there are any, so editors and CI logs can jump to the place.
public struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error, stable for programs; more codes may be added.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// Creates a code.
        /// - Parameter rawValue: The name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// The file is not well-formed YAML (or not UTF-8).
        public static let syntax = Code(rawValue: "syntax")
        /// A key that is not valid at this place.
        public static let unknownKey = Code(rawValue: "unknown_key")
        /// A required key is absent.
        public static let missingKey = Code(rawValue: "missing_key")
        /// A value of the wrong type (a list where a number is expected...).
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A value of the right type but not allowed (a negative count, an unknown stage...).
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// An unknown rule kind.
        public static let unknownKind = Code(rawValue: "unknown_kind")
        /// An unknown metric name.
        public static let unknownMetric = Code(rawValue: "unknown_metric")
        /// A rule id used twice in the set.
        public static let duplicateRuleID = Code(rawValue: "duplicate_rule_id")
        /// A policy name used twice in the set.
        public static let duplicatePolicyName = Code(rawValue: "duplicate_policy_name")
        /// A key given twice in one mapping.
        public static let duplicateKey = Code(rawValue: "duplicate_key")
        /// A duration that is not like `30d`, `12h` or `1d12h`.
        public static let invalidDuration = Code(rawValue: "invalid_duration")
        /// A file or directory that could not be read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// Facts in a policy test case that do not decode.
        public static let invalidFacts = Code(rawValue: "invalid_facts")
    }

    /// What kind of error.
    public var code: Code
    /// Where: file, line and column.
    public var location: SourceLocation
    /// What is wrong and what to do.
    public var message: String
    /// The values that would be valid here, if the set is known.
    public var validChoices: [String]

    /// Creates an error.
    /// - Parameters:
    ///   - code: Kind of error.
    ///   - location: Place.
    ///   - message: What is wrong.
    ///   - validChoices: Valid values.
    public init(_ code: Code, at location: SourceLocation, _ message: String, validChoices: [String] = []) {
        self.code = code
        self.location = location
        self.message = message
        self.validChoices = validChoices
    }

    /// `path:line:column: error: message (valid choices: a, b, c)`.
    public var description: String {
        var text = "\(location): error: \(message)"
        if !validChoices.isEmpty { text += " (valid choices: \(validChoices.joined(separator: ", ")))" }
        return text
    }
}
