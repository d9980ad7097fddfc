import CSodium
import Foundation

/// A SHA-256 digest: 32 bytes, compared and hashed by value.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The all-zero digest, used as the genesis entry's "previous hash".
    public static let zero = Digest(unchecked: [UInt8](repeating: 0, count: 32))

    /// The number of bytes in a digest.
    public static let byteCount = 32

    /// Wraps 32 bytes.
    /// - Parameter bytes: exactly 32 bytes.
    /// - Returns: `nil` when `bytes` is not 32 bytes long.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Parses lowercase or uppercase hexadecimal of 64 characters.
    /// - Parameter hex: the digest in hexadecimal.
    public init?(hex: String) {
        guard let raw = Hex.decode(hex), raw.count == Self.byteCount else { return nil }
        self.bytes = raw
    }

    /// Parses standard base64 (RFC 4648 section 4) of 32 bytes.
    /// - Parameter base64: the digest in base64.
    public init?(base64: String) {
        guard let raw = Base64.decode(base64), raw.count == Self.byteCount else { return nil }
        self.bytes = raw
    }

    /// Lowercase hexadecimal.
    public var hex: String { Hex.encode(bytes) }
    /// Standard base64 with padding.
    public var base64: String { Base64.encode(bytes) }
    /// `sha256:<hex>`, the form used in payloads and reports.
    public var description: String { "sha256:" + hex }

    /// Orders values for sorting.
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// SHA-256 (FIPS 180-4) through libsodium's `crypto_hash_sha256`.
public struct SHA256: Sendable {
    private var state = crypto_hash_sha256_state()

    /// Starts a new incremental hash.
    public init() {
        _ = Sodium.ready
        crypto_hash_sha256_init(&state)
    }

    /// Feeds bytes into the hash.
    /// - Parameter bytes: any contiguous bytes.
    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { raw in
            _ = crypto_hash_sha256_update(
                &state, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(raw.count))
        }
    }

    /// Feeds one byte into the hash.
    public mutating func update(byte: UInt8) {
        var value = byte
        _ = crypto_hash_sha256_update(&state, &value, 1)
    }

    /// Finishes the hash.
    /// - Returns: the digest of everything fed in.
    public mutating func finalize() -> Digest {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256_final(&state, &out)
        return Digest(unchecked: out)
    }

    /// Hashes bytes in one call.
    /// - Parameter bytes: the message.
    /// - Returns: SHA-256 of the message.
    public static func hash(_ bytes: some ContiguousBytes) -> Digest {
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { raw in
            _ = crypto_hash_sha256(&out, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(raw.count))
        }
        return Digest(unchecked: out)
    }
}
