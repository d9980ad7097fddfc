import Foundation

/// Base64 as DSSE and the sigstore bundle carry it: the standard alphabet (RFC 4648 section 4) or
/// the URL-safe one (section 5), with or without padding. Anything else is refused, so a truncated
/// or corrupted field is reported instead of silently decoded.
enum StrictBase64 {
    /// Decodes a field.
    /// - Parameters:
    ///   - text: the field's text.
    ///   - source: the input, for the error.
    ///   - field: the field's path, for the error.
    /// - Returns: the bytes.
    /// - Throws: `IntegrationError` (`.badInput`) for characters outside the alphabet, a length
    ///   that no base64 text has, or bits left over in the last character.
    static func decode(_ text: String, source: String, field: String) throws -> [UInt8] {
        var normalised = ""
        normalised.reserveCapacity(text.utf8.count + 3)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "+", "/", "=": normalised.unicodeScalars.append(scalar)
            case "-": normalised += "+"
            case "_": normalised += "/"
            default:
                throw IntegrationError.malformed(
                    source, field, "is not base64: character U+\(String(scalar.value, radix: 16, uppercase: true)) is not in the alphabet")
            }
        }
        var body = normalised
        var padding = 0
        while body.hasSuffix("=") {
            body.removeLast()
            padding += 1
        }
        guard !body.contains("="), padding <= 2 else {
            throw IntegrationError.malformed(source, field, "is not base64: '=' may only end the text, at most twice")
        }
        if body.count % 4 == 1 {
            throw IntegrationError.malformed(
                source, field, "is not base64: \(body.count) characters cannot encode whole bytes (truncated?)")
        }
        if padding > 0, (body.count + padding) % 4 != 0 {
            throw IntegrationError.malformed(source, field, "is not base64: padded text must be a multiple of 4 characters (truncated?)")
        }
        let padded = body + String(repeating: "=", count: (4 - body.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else {
            throw IntegrationError.malformed(source, field, "is not base64 (truncated or corrupted)")
        }
        var canonical = data.base64EncodedString()
        while canonical.hasSuffix("=") { canonical.removeLast() }
        guard canonical == body else {
            throw IntegrationError.malformed(source, field, "is not canonical base64: the last character carries extra bits (truncated?)")
        }
        return Array(data)
    }
}
