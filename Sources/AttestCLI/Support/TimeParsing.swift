import AttestLedger
import Foundation

/// ISO 8601 times on the command line and in output (UTC), through AttestLedger's ``ISOTime``.
enum TimeParsing {
    static func parse(_ text: String, option: String) throws -> Date {
        if let date = ISOTime.parse(text) ?? ISOTime.parseDay(text) { return date }
        throw CommandFailure.badInput("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-11-23T10:00:00Z or 2026-11-23)")
    }

    static func format(_ micros: Int64) -> String { ISOTime.string(micros: micros) }
}
