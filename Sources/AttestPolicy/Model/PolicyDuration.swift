/// A length of time written in a policy, such as `30d`, `12h`, `90m`, `45s` or `2w`.
///
/// Compound forms are allowed (`1d12h`). Months and years are not, because their
/// length varies: write days.
public struct PolicyDuration: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The duration in seconds.
    public let seconds: Int64

    /// The duration as written in the policy, or a normalised form when built from seconds.
    public let text: String

    /// The units accepted, with their length in seconds.
    static let units: [(suffix: Character, seconds: Int64)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Creates a duration from seconds.
    /// - Parameter seconds: The number of seconds, not negative.
    public init(seconds: Int64) {
        self.seconds = seconds
        self.text = PolicyDuration.format(seconds: Double(seconds))
    }

    /// Parses a duration such as `30d` or `1d12h`.
    /// - Parameter text: The text from the policy.
    /// - Returns: `nil` when the text is not a positive duration in w, d, h, m or s.
    public init?(parsing text: String) {
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = PolicyDuration.units.first(where: { $0.suffix == character }) {
                guard let count = Int64(digits) else { return nil }
                let (product, overflow1) = count.multipliedReportingOverflow(by: unit.seconds)
                let (sum, overflow2) = total.addingReportingOverflow(product)
                guard !overflow1, !overflow2 else { return nil }
                total = sum
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard sawUnit, digits.isEmpty, total > 0 else { return nil }
        self.seconds = total
        self.text = text
    }

    /// The duration as written.
    public var description: String { text }

    /// Formats a number of seconds as days, hours, minutes and seconds, such as `3d4h`.
    /// - Parameter seconds: A number of seconds (negative values are shown with a minus sign).
    /// - Returns: The compact text; `0s` for zero.
    public static func format(seconds: Double) -> String {
        if seconds < 0 { return "-" + format(seconds: -seconds) }
        var rest = Int64(seconds.rounded(.down))
        if rest == 0 { return "0s" }
        var text = ""
        for (suffix, length) in units where suffix != "w" {
            let count = rest / length
            if count > 0 {
                text += "\(count)\(suffix)"
                rest -= count * length
            }
        }
        return text
    }
}
