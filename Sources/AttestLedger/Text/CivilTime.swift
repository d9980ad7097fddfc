import Foundation

/// A whole-second UTC time between 1970 and 9999 in the forms ``ISOTime`` writes,
/// `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.mmmZ`, computed with integer arithmetic (the
/// proleptic Gregorian calendar).
///
/// `ISO8601DateFormatter` costs tens of microseconds per call on Linux (a formatter is made for
/// each), replay formats and parses a time for every decision, and a report formats one for
/// every entry (half of a 10,000-entry report's time went there); this covers the common case
/// and leaves anything else (earlier or later years, other forms) to the formatter.
/// `ISOTimeTests` check both give the same text and the same time.
struct CivilTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    let seconds: Int64

    private static let range: ClosedRange<Int64> = 0...253_402_300_799  // up to 9999-12-31T23:59:59Z

    /// The time `seconds` after the Epoch, when in the range.
    init?(seconds: Int64) {
        guard Self.range.contains(seconds) else { return nil }
        self.seconds = seconds
    }

    /// The time of `date` when it is a whole second in the range.
    init?(date: Date) {
        let value = date.timeIntervalSince1970
        guard value >= 0, value <= Double(Self.range.upperBound), value == value.rounded(.down) else { return nil }
        seconds = Int64(value)
    }

    /// The time written exactly as `YYYY-MM-DDTHH:MM:SSZ`, with every field in range.
    init?(text: String) {
        let t = Array(text.utf8)
        guard t.count == 20, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"), t[10] == UInt8(ascii: "T"),
            t[13] == UInt8(ascii: ":"), t[16] == UInt8(ascii: ":"), t[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for position in range {
                guard t[position] >= UInt8(ascii: "0"), t[position] <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(t[position] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), year >= 1970, (1...12).contains(month),
            day >= 1, day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        seconds = Self.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    var text: String { text(milliseconds: nil) }

    /// `YYYY-MM-DDTHH:MM:SSZ`, or `YYYY-MM-DDTHH:MM:SS.mmmZ` with `milliseconds` (0 to 999).
    func text(milliseconds: Int64?) -> String {
        let (days, secondOfDay) = (seconds / 86_400, seconds % 86_400)
        // The civil date of a day count (the inverse of `days(year:month:day:)`).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func put(_ value: Int64, _ width: Int) {
            var digits: [UInt8] = []
            var rest = value
            for _ in 0..<width {
                digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            }
            bytes.append(contentsOf: digits.reversed())
        }
        put(year, 4)
        bytes.append(UInt8(ascii: "-"))
        put(month, 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, 2)
        bytes.append(UInt8(ascii: "T"))
        put(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 3_600 / 60, 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, 2)
        if let milliseconds {
            bytes.append(UInt8(ascii: "."))
            put(milliseconds, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month) - 1]
    }

    /// Days from 1970-01-01 to a civil date.
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
