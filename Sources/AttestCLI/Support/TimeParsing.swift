import Foundation

/// ISO 8601 times on the command line and in output (UTC).
enum TimeParsing {
    static func parse(_ text: String, option: String) throws -> Date {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = full.date(from: text) ?? plain.date(from: text) ?? day.date(from: text) { return date }
        throw CommandFailure.badInput("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-11-23T10:00:00Z or 2026-11-23)")
    }

    static func format(_ micros: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(micros) / 1_000_000))
    }
}
