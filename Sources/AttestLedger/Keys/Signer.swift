/// A named signing key: what appends entries and signs checkpoints.
///
/// Most signers hold their key pair. A *remote* signer (`attest serve`'s append protocol,
/// docs/log-format.md section 14) holds only the public key: it hands each entry body to the
/// key's owner and returns the signature they send back, so a server can append an entry
/// without ever holding the actor's private key.
public struct Signer: Sendable {
    /// Signs a message somewhere else and returns the 64-byte Ed25519 signature.
    public typealias RemoteSigning = @Sendable (_ message: [UInt8]) throws -> [UInt8]

    private let local: SigningKey?
    private let remote: RemoteSigning?
    /// The public half, named.
    public let verifierKey: VerifierKey

    /// Names a key pair.
    /// - Throws: `LedgerError` when the name is not a valid key name.
    public init(name: String, key: SigningKey) throws {
        self.local = key
        self.remote = nil
        self.verifierKey = try VerifierKey(name: name, publicKey: key.publicKey)
    }

    /// A signer whose private key stays with its owner: `sign` hands the message to `signing`.
    /// - Parameters:
    ///   - verifierKey: the owner's public key, as the ledger knows it.
    ///   - signing: returns the owner's signature of a message, or throws when they do not sign.
    public init(remote verifierKey: VerifierKey, signing: @escaping RemoteSigning) {
        self.local = nil
        self.remote = signing
        self.verifierKey = verifierKey
    }

    /// The key pair. Only a signer made with ``init(name:key:)`` has one: reading it on a remote
    /// signer is a programming error and traps (entries are signed through ``sign(_:)``).
    public var key: SigningKey {
        guard let local else { preconditionFailure("the remote signer \(verifierKey.name) holds no private key") }
        return local
    }

    /// Whether the private key is held here.
    public var holdsKey: Bool { local != nil }

    /// Signs `message`: with the key held here, or by asking the remote owner.
    /// - Returns: the 64-byte Ed25519 signature.
    /// - Throws: what the remote signing throws (the owner declined, timed out, or sent a
    ///   signature that does not verify); a local key never throws.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        if let local { return local.signature(for: message) }
        let signature = try remote!(message)
        guard signature.count == 64, verifierKey.publicKey.isValidSignature(signature, for: message) else {
            throw LedgerError(.verificationFailed, "the signature returned for \(verifierKey.name) does not verify with its key")
        }
        return signature
    }

    /// The key's name.
    public var name: String { verifierKey.name }
}
