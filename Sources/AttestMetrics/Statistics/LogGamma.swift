import Foundation

/// ln |Gamma(x)| from the C library.
/// - Parameter x: The argument.
/// - Returns: ln |Gamma(x)|.
@inline(__always)
func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
}
