/// A metric's value, or the reason it is undefined (for example a ratio whose
/// denominator is zero). Undefined values fail a bound: fail closed.
///
/// Written as a number, as `null`, or as `{undefined: reason}`.
public enum MetricValue: Hashable, Codable, Sendable, CustomStringConvertible {
    /// A finite number.
    case value(Double)
    /// No value, with the reason.
    case undefined(reason: String)

    /// The number, or `nil` when undefined.
    public var number: Double? {
        if case .value(let number) = self { return number }
        return nil
    }

    /// The number, or `undefined (reason)`.
    public var description: String {
        switch self {
        case .value(let number): formatNumber(number)
        case .undefined(let reason): "undefined (\(reason))"
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case undefined }

    /// Decodes a number, `null`, or `{undefined: reason}`.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for anything else.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() {
                self = .undefined(reason: "no value")
                return
            }
            if let number = try? single.decode(Double.self) {
                self = number.isFinite ? .value(number) : .undefined(reason: "not finite")
                return
            }
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = .undefined(reason: try container.decode(String.self, forKey: .undefined))
    }

    /// Encodes a number or `{undefined: reason}`.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .value(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .undefined(let reason):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reason, forKey: .undefined)
        }
    }
}
