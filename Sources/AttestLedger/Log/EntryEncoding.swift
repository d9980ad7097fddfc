/// The exact byte encoding of an entry (docs/log-format.md, "Entry").
///
/// ```
/// body = "attest-entry/v1" 0x0A
///        u64be(sequence) i64be(timeMicros) previousHash[32] signer[32]
///        u16be(len(type)) type  u32be(len(payload)) payload
/// leaf = body signature[64]
/// ```
public enum EntryEncoding {
    /// The domain-separation prefix of every entry body.
    public static let magic: [UInt8] = Array("attest-entry/v1\n".utf8)
    /// The longest entry type, in bytes.
    public static let maximumTypeLength = 128
    /// The largest payload, in bytes (16 MiB).
    public static let maximumPayloadLength = 16 << 20

    /// Encodes the signed body.
    public static func body(
        sequence: UInt64, timeMicros: Int64, previousHash: Digest, signer: Digest, type: String, payload: [UInt8]
    ) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        var out = [UInt8]()
        out.reserveCapacity(magic.count + 8 + 8 + 32 + 32 + 2 + typeBytes.count + 4 + payload.count)
        out += magic
        append(&out, sequence)
        append(&out, UInt64(bitPattern: timeMicros))
        out += previousHash.bytes
        out += signer.bytes
        out.append(UInt8(typeBytes.count >> 8))
        out.append(UInt8(typeBytes.count & 0xff))
        out += typeBytes
        append32(&out, UInt32(payload.count))
        out += payload
        return out
    }

    /// Decodes a leaf (body followed by a 64-byte signature).
    /// - Parameter leaf: the leaf bytes.
    /// - Returns: the entry.
    /// - Throws: `LedgerError` (`.malformedEntry`) naming the byte offset that is wrong.
    public static func decode(leaf: [UInt8]) throws -> Entry {
        var reader = ByteReader(leaf)
        guard try reader.take(magic.count) == magic else {
            throw LedgerError(.malformedEntry, "entry: bytes 0-15 are not the 'attest-entry/v1\\n' prefix")
        }
        let sequence = try reader.uint64()
        let time = Int64(bitPattern: try reader.uint64())
        let previous = Digest(unchecked: try reader.take(32))
        let signer = Digest(unchecked: try reader.take(32))
        let typeLength = Int(try reader.uint16())
        let typeOffset = reader.offset
        let typeBytes = try reader.take(typeLength)
        guard let type = String(validating: typeBytes, as: UTF8.self), isValidType(type) else {
            throw LedgerError(.malformedEntry, "entry at byte \(typeOffset): type is not 1-128 bytes of [a-z0-9._-]")
        }
        let payloadLength = Int(try reader.uint32())
        guard payloadLength <= maximumPayloadLength else {
            throw LedgerError(
                .malformedEntry, "entry at byte \(reader.offset - 4): payload length \(payloadLength) exceeds \(maximumPayloadLength)")
        }
        let payload = try reader.take(payloadLength)
        let signature = try reader.take(64)
        guard reader.isAtEnd else {
            throw LedgerError(
                .malformedEntry, "entry: \(leaf.count - reader.offset) unexpected bytes after the signature at byte \(reader.offset)")
        }
        return Entry(
            sequence: sequence, timeMicros: time, previousHash: previous, signer: signer, type: type,
            payload: payload, signature: signature)
    }

    /// Whether `type` is 1-128 bytes of lowercase letters, digits, `.`, `_` and `-`.
    public static func isValidType(_ type: String) -> Bool {
        let bytes = type.utf8
        return !bytes.isEmpty && bytes.count <= maximumTypeLength
            && bytes.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2e || byte == 0x5f || byte == 0x2d
            }
    }

    private static func append(_ out: inout [UInt8], _ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// A bounds-checked big-endian reader.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw LedgerError(
                .malformedEntry, "entry: truncated at byte \(offset) (wanted \(count) more bytes, \(bytes.count - offset) left)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint64() throws -> UInt64 { try take(8).reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func uint32() throws -> UInt32 { try take(4).reduce(0) { $0 << 8 | UInt32($1) } }
    mutating func uint16() throws -> UInt16 { try take(2).reduce(0) { $0 << 8 | UInt16($1) } }
}
