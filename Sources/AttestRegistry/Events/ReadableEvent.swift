import AttestPolicy
import Foundation

/// An event payload that the replays read by the million, with a reader for the registry's own
/// compact JSON (``CanonicalReader``) beside its `Decodable` conformance.
protocol ReadableEvent: Decodable {
    /// Reads the value as its `init(from:)` decodes it.
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    init(reading reader: inout CanonicalReader) throws
}

extension ReadableEvent {
    /// Decodes a payload exactly as `JSONDecoder` does (the same value, the same refusals):
    /// the registry's compact form is read directly, anything else goes to `JSONDecoder`.
    /// - Parameter payload: the entry's payload.
    /// - Returns: the value.
    /// - Throws: `JSONDecoder`'s error when the payload is not a valid instance.
    static func decode(_ payload: Data) throws -> Self {
        if let value = CanonicalReader.read(payload, { try Self(reading: &$0) }) { return value }
        return try JSONDecoder().decode(Self.self, from: payload)
    }
}
