public import Foundation

/// ISO 8601 times in UTC (RFC 3339 profile): the one time format of Attest's output, reports,
/// bundles and decision records.
public enum ISOTime {
    /// A time with milliseconds, e.g. `2026-11-30T03:39:59.123Z`.
    /// - Parameter micros: Microseconds since 1970-01-01T00:00:00Z (an entry's `timeMicros`).
    /// - Returns: The formatted time.
    public static func string(micros: Int64) -> String { string(Date(timeIntervalSince1970: Double(micros) / 1_000_000)) }

    /// A time with milliseconds, e.g. `2026-11-30T03:39:59.123Z`.
    /// - Parameter date: The time.
    /// - Returns: The formatted time.
    public static func string(_ date: Date) -> String {
        // The milliseconds as Foundation's formatter rounds them: from the time since 2001
        // (how `Date` holds it) back to 1970, times 1,000, rounded half up. `ISOTimeTests` hold
        // the two equal, half-way cases and carries into the next second included.
        let millis = ((date.timeIntervalSinceReferenceDate + 978_307_200.0) * 1_000.0 + 0.5).rounded(.down)
        if millis >= 0, millis < 253_402_300_800_000, let time = CivilTime(seconds: Int64(millis) / 1_000) {
            return time.text(milliseconds: Int64(millis) % 1_000)
        }
        return formatter(fractional: true).string(from: date)
    }

    /// A time to the second, e.g. `2026-11-30T03:39:59Z` (how decisions record their time).
    /// - Parameter date: The time.
    /// - Returns: The formatted time.
    public static func seconds(_ date: Date) -> String {
        CivilTime(date: date)?.text ?? formatter(fractional: false).string(from: date)
    }

    /// Reads a time with or without fractional seconds.
    /// - Parameter text: The text.
    /// - Returns: The time, or `nil` when the text is not such a time.
    public static func parse(_ text: String) -> Date? {
        formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text)
    }

    /// Reads a time to the second only (the form ``seconds(_:)`` writes).
    /// - Parameter text: The text.
    /// - Returns: The time, or `nil` when the text is not exactly such a time.
    public static func parseSeconds(_ text: String) -> Date? {
        if let time = CivilTime(text: text) { return Date(timeIntervalSince1970: Double(time.seconds)) }
        return formatter(fractional: false).date(from: text)
    }

    /// Reads a calendar date, e.g. `2026-11-30`, as its first instant in UTC.
    /// - Parameter text: The text.
    /// - Returns: The time, or `nil` when the text is not such a date.
    public static func parseDay(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    private static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }
}
