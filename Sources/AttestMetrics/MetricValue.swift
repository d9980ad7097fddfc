/// A metric's value: a finite number, or an explicit undefined value with the reason.
///
/// Where fairlearn or scikit-learn silently return 0 or NaN (a recall without positive labels,
/// a ratio whose largest value is 0), Attest returns ``undefined(reason:)``.
/// Encodes as a JSON number, or as `{"undefined": "reason"}`.
public enum MetricValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A finite value.
    case defined(Double)
    /// No value, and why.
    case undefined(reason: String)

    /// Returns `.defined(x)` when `x` is finite, otherwise `.undefined(reason:)`.
    /// - Parameters:
    ///   - x: The computed number.
    ///   - reason: The reason used when `x` is not finite.
    /// - Returns: The metric value.
    public static func checked(_ x: Double, orUndefined reason: @autoclosure () -> String) -> MetricValue {
        x.isFinite ? .defined(x) : .undefined(reason: reason())
    }

    /// The number, or `nil` when undefined.
    public var value: Double? {
        if case .defined(let x) = self { return x }
        return nil
    }

    /// The reason, or `nil` when defined.
    public var undefinedReason: String? {
        if case .undefined(let reason) = self { return reason }
        return nil
    }

    /// The number, or NaN when undefined (for internal vectorised use).
    var raw: Double { value ?? .nan }

    private enum CodingKeys: String, CodingKey { case undefined }

    /// Decodes a number, `null` (undefined: "no value"), or `{"undefined": reason}` and nothing
    /// else; a number that is not finite (YAML's `.inf`, `.nan`) decodes as undefined.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when the value is none of these forms or the object has another key.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() {
                self = .undefined(reason: "no value")
                return
            }
            if let x = try? single.decode(Double.self) {
                self = .checked(x, orUndefined: "not finite")
                return
            }
        }
        let keyed = try decoder.container(keyedBy: CodingKeys.self)
        let extra = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue).filter { $0 != "undefined" }
        if let key = extra.first {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown key '\(key)' in an undefined metric value; the only key is 'undefined'"))
        }
        self = .undefined(reason: try keyed.decode(String.self, forKey: .undefined))
    }

    /// Encodes a number or `{"undefined": reason}`.
    /// - Parameter encoder: The encoder.
    /// - Throws: Any encoder error.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .defined(let x):
            var single = encoder.singleValueContainer()
            try single.encode(x)
        case .undefined(let reason):
            var keyed = encoder.container(keyedBy: CodingKeys.self)
            try keyed.encode(reason, forKey: .undefined)
        }
    }

    /// The number, or `undefined (reason)`.
    public var description: String {
        switch self {
        case .defined(let x): return "\(x)"
        case .undefined(let reason): return "undefined (\(reason))"
        }
    }
}

/// Any key of a JSON object, to list the keys a value carries.
private struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
