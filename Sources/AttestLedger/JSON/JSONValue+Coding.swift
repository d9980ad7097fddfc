import Foundation

/// Between ``JSONValue`` and `Codable` types.
extension JSONValue {
    /// Any `Encodable` value as JSON (for act results that carry a whole record).
    /// - Throws: an encoding error.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
    }

    /// Decodes this value as `type`.
    /// - Returns: the value, or `nil` when it does not decode.
    public func decoded<T: Decodable>(as type: T.Type) -> T? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}
