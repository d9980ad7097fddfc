/// One thing `verify` found wrong, naming the entry where it can.
public struct VerificationProblem: Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Codable {
        /// An entry whose signature does not verify with its signer's key.
        case badSignature = "bad signature"
        /// An entry whose previous hash is not the previous entry's hash.
        case brokenLink = "broken link"
        /// An entry signed by a key that was not valid at that point.
        case unknownSigner = "unknown signer"
        /// An entry whose time is earlier than the previous entry's.
        case timeRegression = "time regression"
        /// A missing sequence number.
        case gap
        /// An entry whose stored fields cannot be decoded, or whose key entry breaks the rules.
        case malformedEntry = "malformed entry"
        /// A stored Merkle node or root that does not match the entries.
        case rootMismatch = "root mismatch"
        /// A checkpoint the log is not consistent with (truncation, rewritten history).
        case inconsistentCheckpoint = "inconsistent checkpoint"
        /// A stored checkpoint whose signature is not the log key's.
        case badCheckpointSignature = "bad checkpoint signature"
        /// A projection table that differs from a replay of the log.
        case projectionMismatch = "projection mismatch"
        /// An entry whose signer did not hold the authority its type requires at that point.
        case unauthorized = "not authorized"
        /// A recorded decision that a replay does not reproduce.
        case decisionMismatch = "decision mismatch"
        /// A recorded model signature whose stored bundle does not verify again as recorded.
        case signatureMismatch = "model signature mismatch"
        /// A table, index, trigger or view that is not exactly one the code creates.
        case schemaMismatch = "schema mismatch"
        /// A damaged database: SQLite's integrity check fails (an index that does not hold
        /// exactly its table's rows, a damaged page).
        case storageDamaged = "database damaged"
    }

    /// The kind.
    public let kind: Kind
    /// The entry concerned, when there is one.
    public let sequence: UInt64?
    /// Details for a person.
    public let detail: String

    /// Makes a problem.
    public init(_ kind: Kind, at sequence: UInt64?, _ detail: String) {
        self.kind = kind
        self.sequence = sequence
        self.detail = detail
    }

    /// A description for people.
    public var description: String {
        if let sequence { return "entry \(sequence): \(kind.rawValue): \(detail)" }
        return "\(kind.rawValue): \(detail)"
    }
}

/// The result of verifying a ledger.
public struct VerificationReport: Sendable {
    /// Entries checked.
    public var entriesChecked: UInt64 = 0
    /// Signatures verified.
    public var signaturesChecked: UInt64 = 0
    /// Stored checkpoints checked.
    public var checkpointsChecked = 0
    /// The root of the whole log as recomputed from the entries.
    public var root: Digest = MerkleHash.empty
    /// Problems found, in log order; empty when the ledger verifies.
    public var problems: [VerificationProblem] = []
    /// Whether more problems were found than kept.
    public var truncated = false

    /// An empty report (nothing checked yet); another store's verifier fills it in.
    public init() {}

    /// Whether everything verified.
    public var isValid: Bool { problems.isEmpty }
    /// The first problem, by entry order.
    public var firstProblem: VerificationProblem? { problems.first }

    /// Adds a problem (keeping at most 1,000; `truncated` says when more were found).
    public mutating func add(_ problem: VerificationProblem) {
        if problems.count < 1000 { problems.append(problem) } else { truncated = true }
    }

    /// Puts the problems in log order (those naming no entry last), keeping the order in which
    /// they were found among those of one entry, so that the first problem is the same every run.
    public mutating func sortInLogOrder() {
        problems = problems.enumerated().sorted {
            let (left, right) = ($0.element.sequence ?? .max, $1.element.sequence ?? .max)
            return left != right ? left < right : $0.offset < $1.offset
        }.map(\.element)
    }
}
