import Foundation

/// Standard base64 with padding (RFC 4648 section 4), strict: no whitespace, and only the
/// canonical encoding of its bytes is accepted.
enum Base64Text {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == text ? bytes : nil
    }
}
