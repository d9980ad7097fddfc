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

    /// The list with one more witness (`attest witness add`).
    /// - Parameters:
    ///   - key: the witness's cosigner verifier key.
    ///   - url: its submission prefix.
    ///   - quorum: the quorum after the change; default unchanged, at least 1.
    /// - Returns: the new list.
    /// - Throws: `RegistryError` (`.badInput`) for a malformed key or a witness listed already.
    public func adding(key: String, url: String, quorum newQuorum: Int?) throws -> WitnessesSet {
        let parsed: WitnessKey
        do { parsed = try WitnessKey(parsing: key) } catch let error as LedgerError { throw RegistryError(.badInput, error.message) }
        guard !(try witnesses.contains { try $0.witnessKey().name == parsed.name }) else {
            throw RegistryError(.badInput, "the witness '\(parsed.name)' is listed already; remove it first to change its key or URL")
        }
        return WitnessesSet(witnesses: witnesses + [Witness(key: parsed.description, url: url)], quorum: newQuorum ?? max(quorum, 1))
    }

    /// The list without the witness named `name` (`attest witness remove`).
    /// - Parameters:
    ///   - name: the witness's key name.
    ///   - quorum: the quorum after the change; default unchanged, capped at the witnesses left.
    /// - Returns: the new list.
    /// - Throws: `RegistryError` (`.badInput`) when no such witness is listed.
    public func removing(name: String, quorum newQuorum: Int?) throws -> WitnessesSet {
        let left = try witnesses.filter { try $0.witnessKey().name != name }
        guard left.count < witnesses.count else { throw RegistryError(.badInput, "no witness named '\(name)' is listed") }
        return WitnessesSet(witnesses: left, quorum: newQuorum ?? min(quorum, left.count))
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
