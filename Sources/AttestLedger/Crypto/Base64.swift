import Foundation

/// Standard base64 (RFC 4648 section 4) with padding, strict on input.
enum Base64 {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes strict standard base64: no whitespace, padding required, canonical.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard !string.contains(where: { $0.isWhitespace }),
            let data = Data(base64Encoded: string)
        else { return nil }
        let bytes = [UInt8](data)
        // Reject non-canonical encodings (stray bits in the last character).
        guard encode(bytes) == string else { return nil }
        return bytes
    }
}
