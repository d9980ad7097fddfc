import Foundation
import Testing

@testable import AttestPolicy

/// ``CanonicalReader``'s scalars against `JSONDecoder` and ``Timestamp``: where the reader reads
/// a value, it is the value they give; where it declines, `JSONDecoder` decides.
@Suite("Canonical reader: scalars agree with JSONDecoder")
struct CanonicalReaderTests {
    private struct Box<T: Codable & Equatable>: Codable, Equatable { var v: T }

    private static func read<T>(_ text: String, _ body: (inout CanonicalReader) throws -> T) -> T? {
        CanonicalReader.read(Data(text.utf8), body)
    }

    @Test("numbers: every double JSONEncoder writes reads back as JSONDecoder reads it; odd forms are declined or agree")
    func numbers() throws {
        var state: UInt64 = 12_345
        var texts = [
            "0", "-0", "1", "-1", "0.1", "1e2", "1E-2", "1e400", "1e-400", "4.9e-324", "2.2250738585072014e-308", "01", "1.", ".5",
        ]
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(bitPattern: state & 0x7FEF_FFFF_FFFF_FFFF) * (state & 1 == 0 ? 1 : -1)
            texts.append(String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
            texts.append(String(Int(truncatingIfNeeded: state)))
        }
        var readDoubles = 0
        for text in texts {
            let reference = try? JSONDecoder().decode(Box<Double>.self, from: Data("{\"v\":\(text)}".utf8)).v
            if let value = Self.read(text, { try $0.double() }) {
                #expect(value == reference, "\(text)")
                readDoubles += 1
            }
            let integer = try? JSONDecoder().decode(Box<Int>.self, from: Data("{\"v\":\(text)}".utf8)).v
            if let value = Self.read(text, { try $0.int() }) { #expect(value == integer, "\(text)") }
        }
        #expect(readDoubles > 3_900)
        #expect(Self.read("9223372036854775807", { try $0.int() }) == Int.max)
        #expect(Self.read("-9223372036854775808", { try $0.int() }) == Int.min)
        #expect(Self.read("9223372036854775808", { try $0.int() }) == nil)
        #expect(Self.read("18446744073709551615", { try $0.uint64() }) == UInt64.max)
        #expect(Self.read("18446744073709551616", { try $0.uint64() }) == nil)
        #expect(Self.read("1.0", { try $0.int() }) == nil)
    }

    @Test("times: whole-second UTC times read as Timestamp parses them; others are left to it or declined")
    func times() throws {
        var state: UInt64 = 99
        var texts = [
            "1970-01-01T00:00:00Z", "1900-03-01T00:00:00Z", "2000-02-29T23:59:59Z", "2100-02-28T12:00:00Z", "9999-12-31T23:59:59Z",
        ]
        for _ in 0..<3_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            texts.append(Timestamp.format(Date(timeIntervalSince1970: Double(state % 8_000_000_000) - 2_000_000_000)))
        }
        for text in texts {
            let seconds = try #require(CanonicalReader.wholeSecondTime(Array(text.utf8)), "\(text)")
            #expect(Date(timeIntervalSince1970: Double(seconds)) == Timestamp.parse(text), "\(text)")
        }
        for invalid in [
            "2001-02-29T00:00:00Z", "2000-13-01T00:00:00Z", "2000-00-10T00:00:00Z", "2000-01-32T00:00:00Z", "2000-01-01T24:00:00Z",
            "2000-01-01T00:60:00Z", "2000-01-01T00:00:60Z", "1899-12-31T23:59:59Z", "2000-01-01T00:00:00+00:00", "2000-01-01 00:00:00Z",
            "2000-1-01T00:00:00Z", "+200-01-01T00:00:00Z",
        ] {
            #expect(CanonicalReader.wholeSecondTime(Array(invalid.utf8)) == nil, "\(invalid)")
        }
        #expect(Self.read("\"2030-01-01T00:00:00.250Z\"", { try $0.time() }) == Timestamp.parse("2030-01-01T00:00:00.250Z"))
        #expect(Self.read("\"yesterday\"", { try $0.time() }) == nil)
    }

    @Test("strings: escapes, UTF-8 and control characters as JSONDecoder reads them")
    func strings() throws {
        let cases = [
            #""plain""#, #""a\"b\\c\/d\b\f\n\r\t""#, #""\u00e9\u0000\u20AC""#, "\"é 名 🚀\"", #""\ud83d\ude80""#, #""\ud800""#, "\"a\u{1}\"",
            "\"\u{7F}\"", #""\x""#, #""unterminated"#, "\"\u{FF}\"",
        ]
        for text in cases {
            let reference = try? JSONDecoder().decode(Box<String>.self, from: Data("{\"v\":\(text)}".utf8)).v
            if let value = Self.read(text, { try $0.string() }) {
                #expect(value == reference, "\(text)")
                #expect(Array(value.utf8) == reference.map { Array($0.utf8) }, "\(text)")
            }
        }
        #expect(Self.read(#""a\"b""#, { try $0.string() }) == "a\"b")
        #expect(Self.read("\"a\u{1}\"", { try $0.string() }) == nil)
        #expect(Self.read(#""\ud800""#, { try $0.string() }) == nil)
    }
}
