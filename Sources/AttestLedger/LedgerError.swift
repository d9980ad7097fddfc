/// The one error type of the ledger: a code that callers can switch on, and a message that
/// names the input and the place and says what to do.
///
/// New codes may be added without breaking callers: switch with a `default`.
public struct LedgerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// A verifier key, key file or passphrase file that cannot be read as one.
        case malformedKey
        /// A signed note that does not follow c2sp.org/signed-note.
        case malformedNote
        /// A checkpoint that does not follow c2sp.org/tlog-checkpoint.
        case malformedCheckpoint
        /// A proof file that does not follow c2sp.org/tlog-proof or Attest's consistency form.
        case malformedProof
        /// A malformed entry encoding.
        case malformedEntry
        /// Any other argument or input that cannot be used.
        case badInput
        /// The named thing does not exist (a ledger, a key, an entry).
        case notFound
        /// The thing to create exists already.
        case alreadyExists
        /// The signer is not a key the ledger knows, or its key was not valid at that point.
        case unknownSigner
        /// A wrong passphrase, or a key file whose ciphertext does not authenticate.
        case wrongPassphrase
        /// A signature, proof or checkpoint that does not verify.
        case verificationFailed
        /// The database could not be read or written (disk full, read-only, corrupt).
        case storage
        /// Another process held the write lock for longer than the wait allowed.
        case busy
        /// A projection table or the schema disagrees with the signed log: the database was
        /// changed outside Attest, and nothing read from it is used.
        case inconsistentDatabase
    }

    /// The kind of failure.
    public let code: Code
    /// A message for a person: the input, the place, and what to do.
    public let message: String

    /// Makes an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: what went wrong, where, and what to do.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A description for people.
    public var description: String { message }

    /// The documented process exit code for this failure: 1 for a failed check, 2 for bad
    /// input, 3 for a storage or system failure.
    public var exitCode: Int32 {
        switch code {
        case .verificationFailed, .unknownSigner: 1
        case .storage, .busy, .inconsistentDatabase: 3
        default: 2
        }
    }
}
