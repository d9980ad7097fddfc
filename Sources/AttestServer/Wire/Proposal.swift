public import AttestLedger
public import Foundation

/// An entry the server proposes for the acting client to sign (`attest-append/1`).
///
/// `body` is the exact entry body of docs/log-format.md section 4.1, in base64; the other fields
/// are its decoded fields for convenience. A client never trusts them: ``ProposalCheck`` decodes
/// the body itself.
public struct Proposal: Codable, Sendable, Equatable {
    /// The proposal's number within its session, from 0.
    public var index: Int
    /// The entry body, base64.
    public var body: String
    /// The entry's sequence number.
    public var sequence: UInt64
    /// The entry's time, microseconds since 1970.
    public var timeMicros: Int64
    /// The previous entry's leaf hash, hex.
    public var previousHash: String
    /// The signer fingerprint, hex.
    public var signer: String
    /// The entry type.
    public var type: String
    /// The payload text (JSON), verbatim.
    public var payload: String

    /// Describes an entry body.
    /// - Parameters:
    ///   - index: the proposal's number in its session.
    ///   - body: the entry body.
    /// - Throws: `LedgerError` (`.malformedEntry`) when `body` is not an entry body.
    public init(index: Int, body: [UInt8]) throws {
        let entry = try Self.decode(body: body)
        self.index = index
        self.body = Data(body).base64EncodedString()
        self.sequence = entry.sequence
        self.timeMicros = entry.timeMicros
        self.previousHash = entry.previousHash.hex
        self.signer = entry.signer.hex
        self.type = entry.type
        self.payload = entry.payloadText
    }

    /// Decodes an entry body (docs/log-format.md section 4.1) into its fields.
    /// - Throws: `LedgerError` (`.malformedEntry`) for anything else.
    public static func decode(body: [UInt8]) throws -> Entry {
        // A leaf is the body followed by exactly 64 signature bytes: decode one with a blank signature.
        try EntryEncoding.decode(leaf: body + [UInt8](repeating: 0, count: 64))
    }
}

/// The server's answer to an act or a signature: the next proposal, or the act's end.
public struct ActStep: Codable, Sendable, Equatable {
    /// The session, to post signatures to (`/v1/acts/{session}/signatures`).
    public var session: String
    /// The next entry to sign, while the act goes on.
    public var proposal: Proposal?
    /// The act's result, when it is done: act-specific fields.
    public var result: [String: JSONValue]?
    /// The entries the act appended, in order.
    public var entries: [UInt64]

    /// Makes a step.
    public init(session: String, proposal: Proposal? = nil, result: [String: JSONValue]? = nil, entries: [UInt64] = []) {
        self.session = session
        self.proposal = proposal
        self.result = result
        self.entries = entries
    }
}

/// A signature the client posts for a proposal.
public struct ProposalSignature: Codable, Sendable, Equatable {
    /// The proposal's index.
    public var index: Int
    /// The Ed25519 signature of the proposal's body, base64.
    public var signature: String

    /// Makes one.
    public init(index: Int, signature: String) {
        self.index = index
        self.signature = signature
    }
}
