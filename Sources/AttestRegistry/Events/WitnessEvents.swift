import AttestLedger
import Foundation

extension EventType {
    /// The ledger's witnesses and quorum, replacing the previous list (admin only).
    public static let witnessesSet = "witnesses.set"
}

/// `witnesses.set`: the witnesses every new checkpoint is sent to, and how many cosignatures
/// a checkpoint needs (docs/witnesses.md, docs/log-format.md section 5).
public struct WitnessesSet: Codable, Sendable, Equatable {
    /// One witness.
    public struct Witness: Codable, Sendable, Equatable {
        /// The witness's cosigner verifier key (C2SP vkey, signature type 0x04).
        public var key: String
        /// The witness's submission prefix, e.g. `https://witness.example.com`.
        public var url: String

        /// Makes a witness row.
        public init(key: String, url: String) {
            self.key = key
            self.url = url
        }

        /// The parsed key.
        /// - Throws: `RegistryError` (`.badInput`) for a malformed key.
        public func witnessKey() throws -> WitnessKey {
            do { return try WitnessKey(parsing: key) } catch let error as LedgerError {
                throw RegistryError(.badInput, error.message)
            }
        }
    }

    /// The witnesses, in the order the admin listed them.
    public var witnesses: [Witness]
    /// How many valid cosignatures a checkpoint needs.
    public var quorum: Int

    /// Makes a list.
    public init(witnesses: [Witness], quorum: Int) {
        self.witnesses = witnesses
        self.quorum = quorum
    }

    /// The verifier's policy this list implies.
    /// - Throws: `RegistryError` (`.badInput`) for a malformed key or quorum.
    public func policy() throws -> WitnessQuorum {
        do { return try WitnessQuorum(witnesses: try witnesses.map { try $0.witnessKey() }, quorum: quorum) } catch let error
            as LedgerError
        {
            throw RegistryError(.badInput, error.message)
        }
    }

    /// Checks keys, names, URLs and quorum.
    /// - Throws: `RegistryError` (`.badInput`) naming the problem.
    public func validate() throws {
        var names: Set<String> = []
        for witness in witnesses {
            let key = try witness.witnessKey()
            guard names.insert(key.name).inserted else { throw RegistryError(.badInput, "the witness '\(key.name)' is listed twice") }
            guard let url = URL(string: witness.url), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw RegistryError(.badInput, "witness '\(key.name)': '\(witness.url)' is not an http:// or https:// URL")
            }
        }
        guard witnesses.isEmpty ? quorum == 0 : (1...witnesses.count).contains(quorum) else {
            throw RegistryError(
                .badInput, "a quorum of \(quorum) does not fit \(witnesses.count) witness(es): it must be 1 to \(witnesses.count)")
        }
    }
}
