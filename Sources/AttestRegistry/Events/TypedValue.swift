import Foundation

/// A typed parameter or metric value: number, string or bool, as parsed from `K=V`.
public enum TypedValue: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case bool(Bool)

    /// Parses `V`: `true`/`false` become bools, decimal numbers become numbers, the rest strings.
    /// A value in double quotes is always a string.
    public init(parsing text: String) {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            self = .string(String(text.dropFirst().dropLast()))
        } else if text == "true" || text == "false" {
            self = .bool(text == "true")
        } else if let number = Double(text), number.isFinite, text.first.map({ $0.isNumber || $0 == "-" || $0 == "." || $0 == "+" }) == true
        {
            self = .number(number)
        } else {
            self = .string(text)
        }
    }

    /// Decodes the value from its JSON form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value in its JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    /// The value's type name.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        }
    }

    /// A description for people.
    public var description: String {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        case .bool(let value): String(value)
        }
    }

    /// Parses `K=V` arguments into a dictionary.
    /// - Parameters:
    ///   - pairs: the arguments.
    ///   - option: the option name, for messages.
    /// - Throws: `RegistryError` (`.badInput`) naming the malformed argument and its position.
    public static func parsePairs(_ pairs: [String], option: String) throws -> [String: TypedValue] {
        var result: [String: TypedValue] = [:]
        for (index, pair) in pairs.enumerated() {
            guard let equals = pair.firstIndex(of: "=") else {
                throw RegistryError(.badInput, "\(option) #\(index + 1) '\(pair)': expected KEY=VALUE")
            }
            let key = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.count <= 128, !key.contains(where: { $0.isNewline }) else {
                throw RegistryError(.badInput, "\(option) #\(index + 1) '\(pair)': the key is empty or invalid")
            }
            guard result[key] == nil else {
                throw RegistryError(.badInput, "\(option) #\(index + 1) '\(pair)': key '\(key)' is given twice")
            }
            result[key] = TypedValue(parsing: String(pair[pair.index(after: equals)...]))
        }
        return result
    }
}
