internal import Foundation

/// The sequence number of a ledger entry.
public typealias EntrySeq = UInt64

/// A string coding key for reading every key of a mapping.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) {
        stringValue = string
        intValue = nil
    }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Prefix of the debug description of the error thrown for an unknown key.
let unknownKeyPrefix = "unknown key"

extension Decoder {
    /// Throws when the mapping being decoded has a key that `Keys` does not list.
    /// - Parameter keys: The known keys.
    /// - Throws: `DecodingError.dataCorrupted` naming the key and the valid keys.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            let valid = Keys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath + [key],
                    debugDescription: "\(unknownKeyPrefix) '\(key.stringValue)'; valid keys: \(valid)"))
        }
    }
}

/// ISO 8601 times, as facts and decisions write them (`2026-03-01T09:30:00Z`).
enum Timestamp {
    static let plain = Date.ISO8601FormatStyle()
    static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Parses an ISO 8601 time with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        if let date = try? plain.parse(text) { return date }
        return try? fractional.parse(text)
    }

    /// Formats a time in UTC, with fractional seconds only when it has them.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds == seconds.rounded() ? plain.format(date) : fractional.format(date)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an ISO 8601 time written as a string.
    func decodeTime(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "'\(text)' is not an ISO 8601 time such as 2026-03-01T09:30:00Z")
        }
        return date
    }

    /// Decodes an optional ISO 8601 time.
    func decodeTimeIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeTime(forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// Encodes a time as an ISO 8601 string.
    mutating func encodeTime(_ date: Date, forKey key: Key) throws {
        try encode(Timestamp.format(date), forKey: key)
    }

    /// Encodes an optional time as an ISO 8601 string, omitting `nil`.
    mutating func encodeTimeIfPresent(_ date: Date?, forKey key: Key) throws {
        if let date { try encodeTime(date, forKey: key) }
    }
}
