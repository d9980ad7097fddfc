import Foundation

/// The small part of RFC 8941 (Structured Field Values) that RFC 9421's `Signature-Input` and
/// `Signature` and RFC 9530's `Content-Digest` use: a dictionary whose members are an inner
/// list of strings with parameters, or a byte sequence.
enum StructuredFields {
    /// A parameter value.
    enum Bare: Equatable, Sendable {
        case integer(Int64)
        case string(String)
        case token(String)
        case bytes([UInt8])
        case bool(Bool)
    }

    /// A dictionary member.
    enum Member: Equatable, Sendable {
        /// `("a" "b");k=v`: the strings, and the parameters in order.
        case innerList([String], [(String, Bare)])
        /// `:base64:`.
        case bytes([UInt8])
        case other(Bare)

        static func == (a: Member, b: Member) -> Bool {
            switch (a, b) {
            case (.innerList(let x, let p), .innerList(let y, let q)):
                x == y && p.map { $0.0 } == q.map { $0.0 } && p.map { $0.1 } == q.map { $0.1 }
            case (.bytes(let x), .bytes(let y)): x == y
            case (.other(let x), .other(let y)): x == y
            default: false
            }
        }
    }

    struct ParseError: Error { let message: String }

    /// Parses a dictionary (RFC 8941 section 4.2.2), members in order. Duplicate keys: the last wins
    /// in RFC 8941; here they are refused, so a request cannot carry two readings of one label.
    static func parseDictionary(_ text: String) throws -> [(String, Member)] {
        var p = Parser(Array(text.utf8))
        var out: [(String, Member)] = []
        p.skipSpaces()
        while !p.atEnd {
            let key = try p.key()
            guard !out.contains(where: { $0.0 == key }) else { throw ParseError(message: "the key '\(key)' appears twice") }
            if p.peek == UInt8(ascii: "=") {
                p.index += 1
                out.append((key, try p.member()))
            } else {
                out.append((key, .other(.bool(true))))
                _ = try p.parameters()
            }
            p.skipOWS()
            if p.atEnd { break }
            guard p.peek == UInt8(ascii: ",") else { throw ParseError(message: "expected ',' at byte \(p.index)") }
            p.index += 1
            p.skipOWS()
            if p.atEnd { throw ParseError(message: "a trailing ','") }
        }
        return out
    }

    /// Serialises a string (RFC 8941 section 4.1.6).
    static func serialize(string: String) -> String {
        "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Serialises an inner list of strings with parameters (RFC 8941 sections 4.1.1.1 and 4.1.1.2).
    static func serialize(innerList items: [String], parameters: [(String, Bare)]) -> String {
        var text = "(" + items.map(serialize(string:)).joined(separator: " ") + ")"
        for (key, value) in parameters {
            switch value {
            case .bool(true): text += ";\(key)"
            case .bool(false): text += ";\(key)=?0"
            case .integer(let i): text += ";\(key)=\(i)"
            case .string(let s): text += ";\(key)=" + serialize(string: s)
            case .token(let t): text += ";\(key)=\(t)"
            case .bytes(let b): text += ";\(key)=:" + Self.base64(b) + ":"
            }
        }
        return text
    }

    static func base64(_ bytes: [UInt8]) -> String {
        var data = [UInt8]()
        data.reserveCapacity(bytes.count)
        data.append(contentsOf: bytes)
        return Base64Text.encode(data)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func skipSpaces() { while peek == 0x20 { index += 1 } }
        mutating func skipOWS() { while peek == 0x20 || peek == 0x09 { index += 1 } }

        mutating func key() throws -> String {
            guard let first = peek, (0x61...0x7A).contains(first) || first == UInt8(ascii: "*") else {
                throw ParseError(message: "expected a key at byte \(index)")
            }
            let start = index
            while let c = peek,
                (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "*")
            {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func member() throws -> Member {
            if peek == UInt8(ascii: "(") {
                index += 1
                var items: [String] = []
                while true {
                    skipSpaces()
                    if peek == UInt8(ascii: ")") {
                        index += 1
                        break
                    }
                    guard case .string(let s) = try bare() else { throw ParseError(message: "an inner list holds strings only") }
                    guard peek != UInt8(ascii: ";") else {
                        throw ParseError(message: "component parameters (\"\(s)\";...) are not supported")
                    }
                    items.append(s)
                    guard peek == 0x20 || peek == UInt8(ascii: ")") else {
                        throw ParseError(message: "expected ' ' or ')' at byte \(index)")
                    }
                }
                return .innerList(items, try parameters())
            }
            let value = try bare()
            _ = try parameters()
            if case .bytes(let b) = value { return .bytes(b) }
            return .other(value)
        }

        mutating func parameters() throws -> [(String, Bare)] {
            var out: [(String, Bare)] = []
            while peek == UInt8(ascii: ";") {
                index += 1
                skipSpaces()
                let k = try key()
                guard !out.contains(where: { $0.0 == k }) else { throw ParseError(message: "the parameter '\(k)' appears twice") }
                if peek == UInt8(ascii: "=") {
                    index += 1
                    out.append((k, try bare()))
                } else {
                    out.append((k, .bool(true)))
                }
            }
            return out
        }

        mutating func bare() throws -> Bare {
            guard let c = peek else { throw ParseError(message: "unexpected end") }
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                var out: [UInt8] = []
                while true {
                    guard let ch = peek else { throw ParseError(message: "an unterminated string") }
                    index += 1
                    if ch == UInt8(ascii: "\\") {
                        guard let next = peek, next == UInt8(ascii: "\\") || next == UInt8(ascii: "\"") else {
                            throw ParseError(message: "a bad escape in a string")
                        }
                        out.append(next)
                        index += 1
                    } else if ch == UInt8(ascii: "\"") {
                        return .string(String(decoding: out, as: UTF8.self))
                    } else {
                        guard (0x20...0x7E).contains(ch) else { throw ParseError(message: "a string holds printable ASCII only") }
                        out.append(ch)
                    }
                }
            case UInt8(ascii: ":"):
                index += 1
                let start = index
                while let ch = peek, ch != UInt8(ascii: ":") { index += 1 }
                guard peek == UInt8(ascii: ":") else { throw ParseError(message: "an unterminated byte sequence") }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                guard let decoded = Base64Text.decode(text) else { throw ParseError(message: "a byte sequence that is not base64") }
                return .bytes(decoded)
            case UInt8(ascii: "?"):
                index += 1
                guard let b = peek, b == UInt8(ascii: "0") || b == UInt8(ascii: "1") else { throw ParseError(message: "a bad boolean") }
                index += 1
                return .bool(b == UInt8(ascii: "1"))
            case UInt8(ascii: "-"), 0x30...0x39:
                let start = index
                index += 1
                while let d = peek, (0x30...0x39).contains(d) { index += 1 }
                guard index - start <= 16, let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                    throw ParseError(message: "a bad integer")
                }
                return .integer(value)
            default:
                guard (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == UInt8(ascii: "*") else {
                    throw ParseError(message: "unexpected character at byte \(index)")
                }
                let start = index
                while let ch = peek, ch > 0x20, ch < 0x7F,
                    ![UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ")"), UInt8(ascii: "(")].contains(ch)
                {
                    index += 1
                }
                return .token(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }
    }
}
