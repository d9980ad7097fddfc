extension CanonicalReader {
    /// Reads an integer written plainly (`0`, or an optional `-` and digits without a leading
    /// zero; no fraction, no exponent, not `-0`) that fits in `Int`.
    public mutating func int() throws -> Int {
        let negative = next == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try digits()
        guard !(negative && magnitude == 0) else { throw Declined() }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { throw Declined() }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { throw Declined() }
        return Int(magnitude)
    }

    /// Reads an integer written plainly that fits in `Int64`.
    public mutating func int64() throws -> Int64 { Int64(try int()) }

    /// Reads a non-negative integer written plainly that fits in `UInt64`.
    public mutating func uint64() throws -> UInt64 { try digits() }

    /// Plain digits, without a leading zero, followed by neither a fraction nor an exponent.
    private mutating func digits() throws -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { throw Declined() }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0") else { throw Declined() }
        if let byte = next, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw Declined()
        }
        return value
    }

    /// Reads a JSON number (RFC 8259, section 6) as the nearest `Double`, when that is a normal
    /// number or the text is `0`.
    public mutating func double() throws -> Double {
        let start = index
        try skipNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        // Overflow, underflow and subnormals are left to JSONDecoder, and so is `-0`.
        guard let value = Double(text), value.isFinite, !value.isSubnormal, value != 0 || text == "0" else { throw Declined() }
        return value
    }

    /// Reads past a number written by the grammar of RFC 8259 (section 6) without converting
    /// it: a value nobody reads, as `JSONDecoder` leaves it.
    mutating func skipNumber() throws {
        if next == UInt8(ascii: "-") { index += 1 }
        try skipDigits(leadingZeroAllowed: false)
        if next == UInt8(ascii: ".") {
            index += 1
            try skipDigits(leadingZeroAllowed: true)
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            index += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { index += 1 }
            try skipDigits(leadingZeroAllowed: true)
        }
    }

    private mutating func skipDigits(leadingZeroAllowed: Bool) throws {
        let start = index
        while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        guard index > start else { throw Declined() }
        if !leadingZeroAllowed && index - start > 1 && bytes[start] == UInt8(ascii: "0") { throw Declined() }
    }

    /// Reads an object with any keys as a dictionary, each value with `value`.
    /// - Throws: ``CanonicalReader/Declined`` for a key met twice (as Swift compares strings).
    public mutating func dictionary<T>(_ value: (inout CanonicalReader) throws -> T) throws -> [String: T] {
        try expect(UInt8(ascii: "{"))
        var values: [String: T] = [:]
        if next == UInt8(ascii: "}") {
            index += 1
            return values
        }
        while true {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            guard values.updateValue(try value(&self), forKey: key) == nil else { throw Declined() }
            guard let byte = next else { throw Declined() }
            index += 1
            if byte == UInt8(ascii: "}") { return values }
            guard byte == UInt8(ascii: ",") else { throw Declined() }
        }
    }

    /// Whether the next value is `true` or `false`.
    public var atBool: Bool { next == UInt8(ascii: "t") || next == UInt8(ascii: "f") }

    /// Whether the next value is an object.
    public var atObject: Bool { next == UInt8(ascii: "{") }
}
