import CSodium

/// Secret bytes (a private key, a derived key, a passphrase) that are wiped when released.
///
/// The buffer is allocated once, never copied by the type, and zeroed with `sodium_memzero`
/// in `deinit`, so a secret lives no longer than its last owner.
/// `@unchecked Sendable`: the contents are written only in `init` and are read-only afterwards.
public final class SecretBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Takes ownership of a copy of `bytes` and zeroes the caller's array.
    /// - Parameter bytes: the secret; overwritten with zeros on return.
    public init(consuming bytes: inout [UInt8]) {
        _ = Sodium.ready
        buffer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        count = bytes.count
        bytes.withUnsafeMutableBytes { source in
            if let base = source.baseAddress {
                buffer.baseAddress!.copyMemory(from: base, byteCount: source.count)
                sodium_memzero(base, source.count)
            }
        }
    }

    /// Allocates `count` bytes and lets `fill` write them.
    /// - Parameters:
    ///   - count: the number of bytes.
    ///   - fill: writes the secret into the buffer.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        _ = Sodium.ready
        buffer = .allocate(byteCount: max(count, 1), alignment: 16)
        self.count = count
        try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
    }

    /// The number of secret bytes.
    public let count: Int

    /// Reads the secret without copying it out.
    /// - Parameter body: receives the bytes; must not let them escape.
    /// - Returns: what `body` returns.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }

    /// Constant-time comparison (`sodium_memcmp`).
    /// - Parameter other: the secret to compare with.
    /// - Returns: whether both hold the same bytes.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        return withBytes { lhs in
            other.withBytes { rhs in sodium_memcmp(lhs.baseAddress!, rhs.baseAddress!, count) == 0 }
        }
    }

    deinit {
        sodium_memzero(buffer.baseAddress!, buffer.count)
        buffer.deallocate()
    }
}
