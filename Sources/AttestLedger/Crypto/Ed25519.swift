import CSodium
import Foundation

/// An Ed25519 public key (RFC 8032), 32 bytes.
public struct PublicKey: Hashable, Sendable {
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes.
    /// - Returns: `nil` unless `bytes` is 32 bytes long.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == Int(crypto_sign_PUBLICKEYBYTES) else { return nil }
        self.bytes = bytes
    }

    /// Checks an Ed25519 signature over `message`.
    /// - Parameters:
    ///   - signature: 64 bytes.
    ///   - message: the signed bytes.
    /// - Returns: whether the signature is valid for this key.
    public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
        _ = Sodium.ready
        return signature.withUnsafeBytes { sig in
            guard sig.count == Int(crypto_sign_BYTES) else { return false }
            return message.withUnsafeBytes { msg in
                crypto_sign_verify_detached(
                    sig.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    msg.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(msg.count),
                    bytes) == 0
            }
        }
    }
}

/// An Ed25519 key pair whose private half is held in wiped memory.
public struct SigningKey: Sendable {
    /// The public half.
    public let publicKey: PublicKey
    /// libsodium's 64-byte secret key (seed followed by public key).
    private let secret: SecretBytes

    /// Generates a fresh key pair from the system's randomness.
    public static func generate() -> SigningKey {
        _ = Sodium.ready
        var seed = [UInt8](repeating: 0, count: Int(crypto_sign_SEEDBYTES))
        randombytes_buf(&seed, seed.count)
        let key = SigningKey(seed: SecretBytes(consuming: &seed))
        return key
    }

    /// Derives the key pair from a 32-byte seed (RFC 8032 private key).
    /// - Parameter seed: 32 secret bytes.
    public init(seed: SecretBytes) {
        _ = Sodium.ready
        precondition(seed.count == Int(crypto_sign_SEEDBYTES), "an Ed25519 seed is 32 bytes")
        var pub = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        secret = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { out in
            seed.withBytes { seedBytes in
                _ = crypto_sign_seed_keypair(
                    &pub, out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    seedBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        publicKey = PublicKey(pub)!
    }

    /// The 32-byte seed, for encrypting at rest.
    public var seed: SecretBytes {
        secret.withBytes { raw in
            SecretBytes(count: Int(crypto_sign_SEEDBYTES)) { out in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<Int(crypto_sign_SEEDBYTES)]))
            }
        }
    }

    /// Signs `message` (deterministic Ed25519, RFC 8032 section 5.1.6).
    /// - Parameter message: the bytes to sign.
    /// - Returns: the 64-byte signature.
    public func signature(for message: some ContiguousBytes) -> [UInt8] {
        var sig = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        secret.withBytes { sk in
            message.withUnsafeBytes { msg in
                _ = crypto_sign_detached(
                    &sig, nil, msg.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(msg.count),
                    sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return sig
    }
}
