/// A comparison between an observed value and a policy's bound.
public enum ComparisonOperator: String, CaseIterable, Codable, Sendable {
    /// Observed must be at least the bound.
    case greaterOrEqual = ">="
    /// Observed must exceed the bound.
    case greater = ">"
    /// Observed must be at most the bound.
    case lessOrEqual = "<="
    /// Observed must be below the bound.
    case less = "<"

    /// Whether larger observed values are the favourable direction (`>=`, `>`).
    public var higherIsBetter: Bool { self == .greaterOrEqual || self == .greater }

    /// Compares an observed value with a bound.
    /// - Parameters:
    ///   - observed: The value measured.
    ///   - bound: The policy's bound.
    /// - Returns: Whether `observed op bound` holds; `false` for NaN.
    public func holds(_ observed: Double, _ bound: Double) -> Bool {
        switch self {
        case .greaterOrEqual: observed >= bound
        case .greater: observed > bound
        case .lessOrEqual: observed <= bound
        case .less: observed < bound
        }
    }

    /// Picks the least favourable of several observed values.
    /// - Parameter values: Observed values (not empty).
    /// - Returns: The minimum when higher is better, else the maximum.
    func worst(_ values: [Double]) -> Double? {
        higherIsBetter ? values.min() : values.max()
    }
}

/// A bound that an observed value must satisfy, such as `>= 0.8`.
public struct Bound: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The comparison.
    public var op: ComparisonOperator
    /// The bound's value.
    public var value: Double

    /// Creates a bound.
    /// - Parameters:
    ///   - op: The comparison.
    ///   - value: The bound's value.
    public init(_ op: ComparisonOperator, _ value: Double) {
        self.op = op
        self.value = value
    }

    /// Whether an observed value satisfies the bound.
    /// - Parameter observed: The value measured.
    /// - Returns: Whether `observed op value` holds.
    public func isSatisfied(by observed: Double) -> Bool { op.holds(observed, value) }

    /// The bound as written, for example `>= 0.8`.
    public var description: String { "\(op.rawValue) \(formatNumber(value))" }
}

/// Formats a number for messages: integers without a fraction, others rounded to 6 decimals.
/// - Parameter value: The number.
/// - Returns: Its short text.
func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let rounded = (value * 1e6).rounded() / 1e6
    return rounded == 0 ? "0" : rounded.description
}
