import Foundation

/// ISO 8601 times with milliseconds, UTC: the form of every time in reports and bundles.
enum ISOTime {
    static func string(micros: Int64) -> String { string(Date(timeIntervalSince1970: Double(micros) / 1_000_000)) }

    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return full.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
