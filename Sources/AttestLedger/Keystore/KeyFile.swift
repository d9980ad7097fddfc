import CSodium
import Foundation

/// The on-disk form of a private key: JSON, the Ed25519 seed encrypted with
/// XChaCha20-Poly1305 (IETF) under a key derived by Argon2id from a passphrase. The verifier key
/// is authenticated as additional data, so a file cannot be re-labelled. See docs/keys.md.
public struct KeyFile: Codable, Sendable, Equatable {
    /// The format tag.
    public static let currentFormat = "attest-key/v1"

    /// Argon2id parameters.
    public struct KDF: Codable, Sendable, Equatable {
        /// Always `argon2id13`.
        public var algorithm: String
        /// libsodium opslimit.
        public var opsLimit: UInt64
        /// libsodium memlimit, bytes.
        public var memLimit: UInt64
        /// base64 salt, 16 bytes.
        public var salt: String
    }

    /// `attest-key/v1`.
    public var format: String
    /// The verifier key of the pair.
    public var publicKey: String
    /// Whether the seed is encrypted; a plaintext key exists only when asked for explicitly.
    public var encrypted: Bool
    /// The key derivation, when encrypted.
    public var kdf: KDF?
    /// `xchacha20poly1305-ietf` when encrypted, `none` otherwise.
    public var cipher: String
    /// base64 nonce, 24 bytes, when encrypted.
    public var nonce: String?
    /// base64 of the encrypted seed and tag, or of the plain seed.
    public var secret: String

    /// Argon2id cost used for new keys (libsodium's interactive limits).
    public static let opsLimit = UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE)
    /// Argon2id memory used for new keys.
    public static let memLimit = UInt64(crypto_pwhash_MEMLIMIT_INTERACTIVE)

    /// Seals a key.
    /// - Parameters:
    ///   - signer: the key pair and its name.
    ///   - passphrase: the passphrase, or `nil` for an explicitly unencrypted key.
    /// - Throws: `LedgerError` (`.badInput`) for an empty passphrase.
    public static func seal(_ signer: Signer, passphrase: SecretBytes?) throws -> KeyFile {
        _ = Sodium.ready
        let publicKey = signer.verifierKey.description
        let seed = signer.key.seed
        guard let passphrase else {
            let plain = seed.withBytes { Base64.encode($0) }
            return KeyFile(
                format: currentFormat, publicKey: publicKey, encrypted: false, kdf: nil, cipher: "none", nonce: nil, secret: plain)
        }
        guard passphrase.count > 0 else { throw LedgerError(.badInput, "the passphrase is empty") }
        var salt = [UInt8](repeating: 0, count: Int(crypto_pwhash_SALTBYTES))
        randombytes_buf(&salt, salt.count)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES))
        randombytes_buf(&nonce, nonce.count)
        let key = try deriveKey(passphrase: passphrase, salt: salt, opsLimit: opsLimit, memLimit: memLimit)
        var sealed = [UInt8](repeating: 0, count: seed.count + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var sealedLength: UInt64 = 0
        let aad = Array(publicKey.utf8)
        seed.withBytes { plain in
            key.withBytes { k in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &sealed, &sealedLength, plain.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(plain.count),
                    aad, UInt64(aad.count), nil, nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return KeyFile(
            format: currentFormat, publicKey: publicKey, encrypted: true,
            kdf: KDF(algorithm: "argon2id13", opsLimit: opsLimit, memLimit: memLimit, salt: Base64.encode(salt)),
            cipher: "xchacha20poly1305-ietf", nonce: Base64.encode(nonce), secret: Base64.encode(sealed))
    }

    /// Opens a key.
    /// - Parameters:
    ///   - passphrase: required when the file is encrypted.
    ///   - source: the file's path, for messages.
    /// - Returns: the signer.
    /// - Throws: `LedgerError` (`.wrongPassphrase`) when decryption fails, (`.malformedKey`)
    ///   for a damaged file.
    public func open(passphrase: SecretBytes?, source: String) throws -> Signer {
        _ = Sodium.ready
        guard format == Self.currentFormat else {
            throw LedgerError(.malformedKey, "\(source): unknown key file format '\(format)'; expected \(Self.currentFormat)")
        }
        let verifier = try VerifierKey(parsing: publicKey)
        guard var secretBytes = Base64.decode(secret) else {
            throw LedgerError(.malformedKey, "\(source): field 'secret' is not base64")
        }
        let seed: SecretBytes
        if encrypted {
            guard let kdf, kdf.algorithm == "argon2id13", cipher == "xchacha20poly1305-ietf",
                let salt = Base64.decode(kdf.salt), salt.count == Int(crypto_pwhash_SALTBYTES),
                let nonceText = nonce, let nonce = Base64.decode(nonceText),
                nonce.count == Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES),
                secretBytes.count == Int(crypto_sign_SEEDBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
            else {
                throw LedgerError(.malformedKey, "\(source): the encryption parameters are damaged or unsupported")
            }
            guard kdf.opsLimit <= 16, kdf.memLimit <= 1 << 30 else {
                throw LedgerError(.malformedKey, "\(source): Argon2id limits are unreasonably high; refusing to derive")
            }
            guard let passphrase else {
                throw LedgerError(
                    .wrongPassphrase, "\(source) is encrypted: give its passphrase (prompt, --passphrase-file or ATTEST_PASSPHRASE)")
            }
            let key = try Self.deriveKey(passphrase: passphrase, salt: salt, opsLimit: kdf.opsLimit, memLimit: kdf.memLimit)
            let aad = Array(publicKey.utf8)
            var failed = false
            seed = SecretBytes(count: Int(crypto_sign_SEEDBYTES)) { out in
                key.withBytes { k in
                    var length: UInt64 = 0
                    failed =
                        crypto_aead_xchacha20poly1305_ietf_decrypt(
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, nil, secretBytes,
                            UInt64(secretBytes.count), aad, UInt64(aad.count), nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                        != 0
                }
            }
            guard !failed else {
                throw LedgerError(.wrongPassphrase, "\(source): wrong passphrase, or the key file was altered")
            }
        } else {
            guard secretBytes.count == Int(crypto_sign_SEEDBYTES) else {
                throw LedgerError(.malformedKey, "\(source): the plain seed is not 32 bytes")
            }
            // Consumed in place (the array is uniquely owned), so the plain seed is wiped.
            seed = SecretBytes(consuming: &secretBytes)
        }
        let signer = try Signer(name: verifier.name, key: SigningKey(seed: seed))
        guard signer.verifierKey == verifier else {
            throw LedgerError(.malformedKey, "\(source): the private key does not match its public key \(publicKey)")
        }
        return signer
    }

    private static func deriveKey(passphrase: SecretBytes, salt: [UInt8], opsLimit: UInt64, memLimit: UInt64) throws -> SecretBytes {
        var status: Int32 = 0
        let key = SecretBytes(count: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)) { out in
            passphrase.withBytes { pass in
                status = crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(out.count),
                    pass.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pass.count), salt, opsLimit,
                    Int(memLimit), crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard status == 0 else {
            throw LedgerError(.storage, "Argon2id key derivation ran out of memory (\(memLimit) bytes)")
        }
        return key
    }
}
