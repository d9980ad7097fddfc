/// A named signing key: what appends entries and signs checkpoints.
public struct Signer: Sendable {
    /// The key pair.
    public let key: SigningKey
    /// The public half, named.
    public let verifierKey: VerifierKey

    /// Names a key pair.
    /// - Throws: `LedgerError` when the name is not a valid key name.
    public init(name: String, key: SigningKey) throws {
        self.key = key
        self.verifierKey = try VerifierKey(name: name, publicKey: key.publicKey)
    }

    /// The key's name.
    public var name: String { verifierKey.name }
}
