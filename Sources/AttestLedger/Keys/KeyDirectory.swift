import Foundation

/// Which signer keys are valid at each point of the log, derived from the ledger's own key
/// entries (genesis, added, rotated, revoked).
///
/// A key is valid for entries after the one that introduced it, up to and including the entry
/// that rotated or revoked it.
public struct KeyDirectory: Sendable {
    /// A key and the span of entries it may sign.
    public struct Record: Sendable, Equatable {
        /// The key.
        public let key: VerifierKey
        /// The first sequence number it may sign.
        public let validFrom: UInt64
        /// The last sequence number it may sign, once rotated or revoked.
        public var validThrough: UInt64?
    }

    /// Every key ever introduced, by fingerprint.
    public private(set) var records: [Digest: Record] = [:]
    /// The log key, from the genesis.
    public private(set) var logKey: VerifierKey?
    /// The origin, from the genesis.
    public private(set) var origin: String?

    /// An empty directory (before entry 0).
    public init() {}

    /// The record of a key that may sign entry `sequence`.
    /// - Returns: `nil` when the key is unknown or not valid at that point.
    public func validKey(_ fingerprint: Digest, at sequence: UInt64) -> Record? {
        guard let record = records[fingerprint], record.validFrom <= sequence else { return nil }
        if let end = record.validThrough, sequence > end { return nil }
        return record
    }

    /// The currently valid keys of a principal.
    public func activeKeys(of principal: String) -> [VerifierKey] {
        records.values.filter { $0.key.name == principal && $0.validThrough == nil }.map(\.key)
    }

    /// Applies a ledger key entry after its signature has been checked.
    /// Non-ledger entry types are ignored.
    /// - Throws: `LedgerError` (`.verificationFailed`) for a key entry that breaks the rules.
    public mutating func apply(_ entry: Entry) throws {
        let decoder = JSONDecoder()
        func fail(_ why: String) -> LedgerError {
            LedgerError(.verificationFailed, "entry \(entry.sequence) (\(entry.type)): \(why)")
        }
        switch entry.type {
        case LedgerEntryType.genesis:
            guard entry.sequence == 0 else { throw fail("a genesis entry may only be entry 0") }
            guard let payload = try? decoder.decode(GenesisPayload.self, from: Data(entry.payload)),
                let admin = try? VerifierKey(parsing: payload.admin),
                let log = try? VerifierKey(parsing: payload.logKey)
            else { throw fail("the genesis payload is not valid") }
            guard log.name == payload.origin else { throw fail("the log key's name must equal the origin") }
            origin = payload.origin
            logKey = log
            records[admin.fingerprint] = Record(key: admin, validFrom: 0)
        case LedgerEntryType.keyAdded:
            guard let payload = try? decoder.decode(KeyAddedPayload.self, from: Data(entry.payload)),
                let key = try? VerifierKey(parsing: payload.key), key.name == payload.principal
            else { throw fail("the payload is not a valid key addition") }
            guard records[key.fingerprint] == nil else { throw fail("key \(key) was introduced before") }
            records[key.fingerprint] = Record(key: key, validFrom: entry.sequence + 1)
        case LedgerEntryType.keyRotated:
            guard let payload = try? decoder.decode(KeyRotatedPayload.self, from: Data(entry.payload)),
                let old = try? VerifierKey(parsing: payload.oldKey),
                let new = try? VerifierKey(parsing: payload.newKey),
                let proof = Base64.decode(payload.newKeySignature),
                old.name == payload.principal, new.name == payload.principal
            else { throw fail("the payload is not a valid key rotation") }
            guard entry.signer == old.fingerprint else { throw fail("a rotation must be signed by the old key") }
            guard new.publicKey.isValidSignature(proof, for: KeyRotatedPayload.possessionMessage(old: old, new: new))
            else { throw fail("the new key's proof of possession does not verify") }
            guard records[new.fingerprint] == nil else { throw fail("key \(new) was introduced before") }
            records[old.fingerprint]?.validThrough = entry.sequence
            records[new.fingerprint] = Record(key: new, validFrom: entry.sequence + 1)
        case LedgerEntryType.keyRevoked:
            guard let payload = try? decoder.decode(KeyRevokedPayload.self, from: Data(entry.payload)),
                let key = try? VerifierKey(parsing: payload.key)
            else { throw fail("the payload is not a valid key revocation") }
            guard records[key.fingerprint]?.validThrough == nil, records[key.fingerprint] != nil else {
                throw fail("key \(key) is not active")
            }
            records[key.fingerprint]?.validThrough = entry.sequence
        default:
            if LedgerEntryType.isReserved(entry.type) { throw fail("unknown ledger entry type") }
        }
    }
}
