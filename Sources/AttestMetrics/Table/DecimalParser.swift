/// Parses decimal numbers straight from bytes, without Foundation.
///
/// Grammar: optional ASCII spaces, optional sign, digits with an optional fraction, optional
/// exponent, optional ASCII spaces. At least one digit is required; `inf`, `nan` and hex
/// floats are rejected. The result is correctly rounded: the common case (at most 19
/// significant digits, a value below 2^53 scaled by an exact power of ten up to 10^22) is
/// Clinger's exact fast path, and anything else falls back to the standard library's
/// correctly rounded `Double(String)`.
enum DecimalParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `count` bytes at `start`.
    /// - Parameters:
    ///   - start: The first byte.
    ///   - count: The number of bytes.
    /// - Returns: The finite value, or `nil` when the bytes are not a finite decimal number.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var end = count
        while i < end && start[i] == 0x20 { i += 1 }
        while end > i && start[end - 1] == 0x20 { end -= 1 }
        if i == end { return nil }
        var negative = false
        if start[i] == 0x2D {
            negative = true
            i += 1
        } else if start[i] == 0x2B {
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var dropped = 0  // integer digits beyond 19 significant ones
        var fractionDigits = 0
        while i < end {
            let d = start[i] &- 0x30
            if d > 9 { break }
            digits += 1
            if mantissa == 0 && d == 0 {
                // leading zero
            } else if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                significant += 1
            } else {
                dropped += 1
            }
            i += 1
        }
        var exactFast = dropped == 0
        if i < end && start[i] == 0x2E {
            i += 1
            while i < end {
                let d = start[i] &- 0x30
                if d > 9 { break }
                digits += 1
                if mantissa == 0 && d == 0 {
                    fractionDigits += 1
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    fractionDigits += 1
                } else {
                    exactFast = false
                }
                i += 1
            }
        }
        if digits == 0 { return nil }
        var exponent = 0
        if i < end && (start[i] == 0x65 || start[i] == 0x45) {
            i += 1
            var expNegative = false
            if i < end && (start[i] == 0x2D || start[i] == 0x2B) {
                expNegative = start[i] == 0x2D
                i += 1
            }
            var expDigits = 0
            while i < end {
                let d = start[i] &- 0x30
                if d > 9 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return nil }
            if expNegative { exponent = -exponent }
        }
        if i != end { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        let scale = exponent + dropped - fractionDigits
        if exactFast && mantissa < (1 << 53) && scale >= -22 && scale <= 22 {
            var value = Double(mantissa)
            if scale < 0 { value /= powersOfTen[-scale] } else { value *= powersOfTen[scale] }
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        guard let value = Double(text.trimmingSpaces()), value.isFinite else { return nil }
        return value
    }
}

extension String {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
