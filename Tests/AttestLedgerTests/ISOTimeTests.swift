import Foundation
import Testing

@testable import AttestLedger

/// ``ISOTime/seconds(_:)`` and ``ISOTime/parseSeconds(_:)`` compute the common case themselves
/// (``CivilTime``); these tests hold them to what `ISO8601DateFormatter` gives.
@Suite("ISO times: the fast path agrees with ISO8601DateFormatter")
struct ISOTimeTests {
    static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }

    @Test("whole seconds from 1970 to 9999 format and parse as the formatter does")
    func wholeSecondsAgree() throws {
        let formatter = Self.formatter()
        var state: UInt64 = 2_024
        var instants: [Int64] = [0, 59, 86_399, 951_782_400, 4_107_542_400, 253_402_300_799, 1_893_456_000]
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Int64(state % 253_402_300_800))
        }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let text = try #require(CivilTime(date: date)).text
            #expect(text == formatter.string(from: date), "\(seconds)")
            #expect(CivilTime(text: text)?.seconds == seconds, "\(text)")
            #expect(ISOTime.parseSeconds(text) == formatter.date(from: text), "\(text)")
            #expect(ISOTime.seconds(date) == text)
        }
    }

    @Test("times with milliseconds format as the formatter rounds them, half-way cases and carries included")
    func millisecondsAgree() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var state: UInt64 = 7
        var micros: [Int64] = [0, 499, 500, 999_499, 999_500, 999_999, 1_893_456_000_000_500, 253_402_300_799_999_499]
        for index in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var value = Int64(state % 253_402_300_800_000_000)
            if index % 3 == 0 { value = value / 1_000 * 1_000 + 500 }  // half-way between two milliseconds
            if index % 7 == 0 { value = value / 1_000_000 * 1_000_000 + 999_500 }  // rounds into the next second
            micros.append(value)
        }
        for value in micros {
            let date = Date(timeIntervalSince1970: Double(value) / 1_000_000)
            #expect(ISOTime.string(micros: value) == formatter.string(from: date), "\(value)")
        }
        for date in [Date(timeIntervalSince1970: -0.25), Date(timeIntervalSince1970: 1e12)] {
            #expect(ISOTime.string(date) == formatter.string(from: date))
        }
    }

    @Test("other times and forms are left to the formatter, with its answer")
    func othersFallBack() {
        let formatter = Self.formatter()
        for date in [Date(timeIntervalSince1970: 1.5), Date(timeIntervalSince1970: -86_400), Date(timeIntervalSince1970: 1e12)] {
            #expect(CivilTime(date: date) == nil)
            #expect(ISOTime.seconds(date) == formatter.string(from: date))
        }
        for text in [
            "2001-02-29T00:00:00Z", "2000-01-01T24:00:00Z", "2000-01-01T00:00:60Z", "1969-12-31T23:59:59Z", "2030-01-01T00:00:00+01:00",
            "2030-01-01t00:00:00z", "2030-01-01T00:00:00.5Z", "garbage", "",
        ] {
            #expect(CivilTime(text: text) == nil, "\(text)")
            #expect(ISOTime.parseSeconds(text) == formatter.date(from: text), "\(text)")
        }
    }
}
