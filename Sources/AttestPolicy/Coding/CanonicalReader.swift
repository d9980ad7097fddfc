public import Foundation

/// A reader of the compact JSON that the registry writes (`JSONEncoder` with sorted keys: no
/// white space, no `null`, plain integers), for decoding hot records much faster than
/// `JSONDecoder` does.
///
/// It never decides that a payload is invalid: it reads only a strict subset of JSON and
/// *declines* (``read(_:_:)`` returns `nil`) on anything outside it: white space, `null`, a
/// key it does not know (unless the caller's ``Fields`` skip others) or meets twice, a missing required key, a fraction or exponent where an
/// integer is expected, an integer out of range, an escape it does not handle (surrogates),
/// invalid UTF-8, a time that is not a whole-second UTC time between 1900 and 9999, a value of the
/// wrong type, or bytes after the value. The caller then decodes the payload with
/// `JSONDecoder`, which accepts or refuses it as it always did. On the subset it reads, every
/// value is the one `JSONDecoder` gives; `CanonicalReaderTests` check both on valid records and
/// on thousands of hostile variants.
public struct CanonicalReader {
    /// Why a read stopped: the payload is outside the subset this reader handles.
    public struct Declined: Error {
        /// Makes the value.
        public init() {}
    }

    /// The keys of one object type: required ones first, then optional ones.
    public struct Fields: Sendable {
        let names: [[UInt8]]
        let required: UInt32
        let skipsOthers: Bool

        /// Keys in the order the caller's `switch` numbers them: `required`, then `optional`.
        /// - Parameters:
        ///   - required: keys that must be present.
        ///   - optional: keys that may be absent (a `nil` the encoder left out).
        ///   - skippingOthers: read past the value of any other key (checked to be in the
        ///     subset, then dropped) instead of declining, as `JSONDecoder` ignores keys a type
        ///     does not declare. A repeated key of `required` or `optional` still declines.
        public init(_ requiredKeys: [String], optional optionalKeys: [String] = [], skippingOthers: Bool = false) {
            precondition(requiredKeys.count + optionalKeys.count <= 32)
            names = (requiredKeys + optionalKeys).map { Array($0.utf8) }
            required = requiredKeys.isEmpty ? 0 : UInt32.max >> (32 - requiredKeys.count)
            skipsOthers = skippingOthers
        }
    }

    let bytes: UnsafeRawBufferPointer
    var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Reads one value from `data` with `body`, which must consume all of it.
    /// - Returns: the value, or `nil` when the payload is outside the subset (decode it with
    ///   `JSONDecoder` then).
    public static func read<T>(_ data: Data, _ body: (inout CanonicalReader) throws -> T) -> T? {
        data.withUnsafeBytes { raw in
            var reader = CanonicalReader(raw)
            guard let value = try? body(&reader), reader.index == raw.count else { return nil }
            return value
        }
    }

    var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func expect(_ byte: UInt8) throws {
        guard next == byte else { throw Declined() }
        index += 1
    }

    /// Reads an object of `fields`, calling `body` with the position of each key in `fields` to
    /// read its value.
    /// - Throws: ``Declined`` for an unknown, repeated or missing required key.
    public mutating func object(_ fields: Fields, _ body: (inout CanonicalReader, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        if next == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                let field = try key(fields)
                try expect(UInt8(ascii: ":"))
                if field < 0 {
                    try skipValue()
                } else {
                    guard seen & (1 << UInt32(field)) == 0 else { throw Declined() }
                    seen |= 1 << UInt32(field)
                    try body(&self, field)
                }
                guard let byte = next else { throw Declined() }
                index += 1
                if byte == UInt8(ascii: "}") { break }
                guard byte == UInt8(ascii: ",") else { throw Declined() }
            }
        }
        guard seen & fields.required == fields.required else { throw Declined() }
    }

    private mutating func key(_ fields: Fields) throws -> Int {
        try expect(UInt8(ascii: "\""))
        let start = index
        while let byte = next, byte != UInt8(ascii: "\"") {
            guard byte != UInt8(ascii: "\\") else { throw Declined() }
            index += 1
        }
        let length = index - start
        try expect(UInt8(ascii: "\""))
        for (position, name) in fields.names.enumerated() where name.count == length {
            if name.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress! + start, length) == 0 }) { return position }
        }
        guard fields.skipsOthers else { throw Declined() }
        // An unknown key is read again as a string, so that it is held to the subset too
        // (valid UTF-8, no control characters), as `JSONDecoder` holds every key.
        index = start - 1
        _ = try string()
        return -1
    }

    /// Reads past one value without keeping it: an object or array (at most 64 deep), a string,
    /// `true`, `false`, `null` or a number. Strings and keys are held to the subset as if they
    /// were read; a number only to JSON's grammar, since nobody converts it.
    /// - Throws: ``Declined`` for anything outside the subset.
    public mutating func skipValue(depth: Int = 0) throws {
        guard depth < 64, let byte = next else { throw Declined() }
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            if next == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                _ = try string()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                guard let separator = next else { throw Declined() }
                index += 1
                if separator == UInt8(ascii: "}") { return }
                guard separator == UInt8(ascii: ",") else { throw Declined() }
            }
        case UInt8(ascii: "["):
            _ = try array { try $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            // A skipped `null` (an optional the encoder writes out, such as `lineageRole`) is
            // dropped like any other value; a `null` the caller reads still declines.
            guard matches("null") else { throw Declined() }
            index += 4
        default:
            try skipNumber()
        }
    }

    /// Reads an array, each element with `element`.
    public mutating func array<T>(_ element: (inout CanonicalReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var values: [T] = []
        if next == UInt8(ascii: "]") {
            index += 1
            return values
        }
        while true {
            values.append(try element(&self))
            guard let byte = next else { throw Declined() }
            index += 1
            if byte == UInt8(ascii: "]") { return values }
            guard byte == UInt8(ascii: ",") else { throw Declined() }
        }
    }

    /// Whether the next value is a string (for values that may be a string or a number).
    public var atString: Bool { next == UInt8(ascii: "\"") }

    /// Reads `true` or `false`.
    public mutating func bool() throws -> Bool {
        if matches("true") {
            index += 4
            return true
        }
        guard matches("false") else { throw Declined() }
        index += 5
        return false
    }

    private func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        return memcmp(word.utf8Start, bytes.baseAddress! + index, count) == 0
    }

    /// Reads a string: UTF-8, with the escapes `\" \\ \/ \b \f \n \r \t` and `\u` outside the
    /// surrogate range.
    public mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        while let byte = next, byte != UInt8(ascii: "\"") {
            guard byte >= 0x20 else { throw Declined() }
            if byte == UInt8(ascii: "\\") {
                index = start
                return try escapedString()
            }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        try expect(UInt8(ascii: "\""))
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw Declined() }
        return text
    }

    /// The rest of a string holding an escape, from its first byte after the quote.
    private mutating func escapedString() throws -> String {
        var utf8: [UInt8] = []
        while let byte = next, byte != UInt8(ascii: "\"") {
            guard byte >= 0x20 else { throw Declined() }
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                continue
            }
            guard let escape = next else { throw Declined() }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard let scalar = Unicode.Scalar(try hex4()) else { throw Declined() }  // nil for surrogates
                utf8.append(contentsOf: String(Character(scalar)).utf8)
            default: throw Declined()
            }
        }
        try expect(UInt8(ascii: "\""))
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Declined() }
        return text
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next, let digit = Self.hexDigit(byte) else { throw Declined() }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Reads a string that must be a raw value of `T`.
    public mutating func value<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw Declined() }
        return value
    }

    /// Reads a time written as `YYYY-MM-DDTHH:MM:SSZ` (a year from 1900 to 9999), or, when
    /// written otherwise, as ``Timestamp/parse(_:)`` reads it.
    public mutating func time() throws -> Date {
        let text = try string()
        if let seconds = Self.wholeSecondTime(Array(text.utf8)) { return Date(timeIntervalSince1970: Double(seconds)) }
        guard let date = Timestamp.parse(text) else { throw Declined() }
        return date
    }

    /// Seconds since 1970 of a strictly valid `YYYY-MM-DDTHH:MM:SSZ`, or `nil`.
    static func wholeSecondTime(_ t: [UInt8]) -> Int64? {
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
            let minute = number(14..<16), let second = number(17..<19), (1900...9999).contains(year), (1...12).contains(month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[Int(month) - 1] else { return nil }
        // Days from 1970-01-01 to the date (the proleptic Gregorian calendar's civil-day count).
        let shifted = month <= 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }
}
