import Foundation

/// A verifier's witness policy: the witness keys it trusts and how many of them must have
/// cosigned a checkpoint (c2sp.org/tlog-cosignature: "Log clients can verify a quorum of
/// cosignatures to prevent split-view attacks").
public struct WitnessQuorum: Sendable, Equatable {
    /// What a check found.
    public struct Result: Sendable, Equatable {
        /// The trusted witnesses with a valid cosignature, and the time each cosigned.
        public let cosigned: [(name: String, timestamp: UInt64)]
        /// Lines that name a trusted witness but do not verify.
        public let invalid: [String]
        /// How many valid cosignatures were needed.
        public let quorum: Int

        /// Whether at least `quorum` distinct trusted witnesses cosigned.
        public var isMet: Bool { cosigned.count >= quorum }

        /// The earliest time at which `quorum` witnesses had cosigned (the witnessed time of the
        /// checkpoint), or `nil` when the quorum is not met.
        public var witnessedTime: UInt64? {
            guard isMet, quorum > 0 else { return nil }
            return cosigned.map(\.timestamp).sorted()[quorum - 1]
        }

        /// A sentence for people.
        public var summary: String {
            let names = cosigned.map(\.name).joined(separator: ", ")
            var text = "\(cosigned.count) of the required \(quorum) witness cosignatures are valid"
            if !names.isEmpty { text += " (\(names))" }
            if !invalid.isEmpty { text += "; invalid cosignature lines from: \(invalid.joined(separator: ", "))" }
            return text
        }

        /// Equal when the same witnesses cosigned at the same times, with the same invalid lines and quorum.
        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.cosigned.map(\.name) == rhs.cosigned.map(\.name) && lhs.cosigned.map(\.timestamp) == rhs.cosigned.map(\.timestamp)
                && lhs.invalid == rhs.invalid && lhs.quorum == rhs.quorum
        }
    }

    /// The trusted witness keys.
    public let witnesses: [WitnessKey]
    /// How many of them must have cosigned.
    public let quorum: Int

    /// Makes a policy.
    /// - Throws: `LedgerError` (`.badInput`) unless `0 <= quorum <= witnesses.count`.
    public init(witnesses: [WitnessKey], quorum: Int) throws {
        var unique: [WitnessKey] = []
        for key in witnesses where !unique.contains(key) { unique.append(key) }
        guard quorum >= 0, quorum <= unique.count else {
            throw LedgerError(.badInput, "a quorum of \(quorum) cannot be met by \(unique.count) distinct witness keys")
        }
        self.witnesses = unique
        self.quorum = quorum
    }

    /// Counts the valid cosignatures by trusted witnesses on a checkpoint note.
    /// - Parameter note: the signed checkpoint note.
    /// - Returns: the result; `isMet` tells whether the quorum holds.
    public func check(_ note: SignedNote) -> Result {
        var cosigned: [(name: String, timestamp: UInt64)] = []
        var invalid: [String] = []
        for key in witnesses {
            let lines = note.signatures.filter { $0.keyName == key.name && $0.keyID == key.keyIDValue }
            guard !lines.isEmpty else { continue }
            let valid = lines.compactMap(Cosignature.init).filter { $0.verifies(text: note.text, key: key) }
            if valid.count == lines.count, let first = valid.map(\.timestamp).min() {
                cosigned.append((key.name, first))
            } else {
                invalid.append(key.name)
            }
        }
        return Result(cosigned: cosigned, invalid: invalid, quorum: quorum)
    }
}
