/// The value a rule observed in the facts: a number or a short text.
///
/// Encoded as a JSON number or string.
public enum ObservedValue: Hashable, Codable, Sendable, CustomStringConvertible {
    /// A number, such as a metric value or an approval count.
    case number(Double)
    /// A text, such as a stage name or a duration.
    case text(String)

    /// The value as text.
    public var description: String {
        switch self {
        case .number(let value): formatNumber(value)
        case .text(let value): value
        }
    }

    /// Decodes a number or a string.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes a number or a string.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
