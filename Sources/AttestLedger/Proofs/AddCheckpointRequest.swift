import Foundation

/// The body of a c2sp.org/tlog-witness `add-checkpoint` request: an old size line, zero to 63
/// consistency proof lines (RFC 6962 section 2.1.2), an empty line, and the signed checkpoint.
///
/// ```
/// old <decimal size>
/// <base64 hash>
/// ...
///
/// <signed checkpoint note>
/// ```
public struct AddCheckpointRequest: Sendable, Equatable {
    /// The most proof lines a client may send.
    public static let maximumProofLines = 63

    /// The size of the checkpoint the witness last cosigned, as the client believes.
    public let oldSize: UInt64
    /// The consistency proof from `oldSize` to the checkpoint's size.
    public let proof: [Digest]
    /// The signed checkpoint note, with every signature the client has.
    public let note: String

    /// Assembles a request.
    public init(oldSize: UInt64, proof: [Digest], note: String) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// The request body.
    public var body: String {
        "old \(oldSize)\n" + proof.map { $0.base64 + "\n" }.joined() + "\n" + note
    }

    /// Parses a request body.
    /// - Parameter body: the bytes the client sent.
    /// - Throws: `LedgerError` (`.malformedProof`) naming the line; a witness answers 400.
    public init(parsing body: [UInt8]) throws {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw LedgerError(.malformedProof, "add-checkpoint body is not UTF-8")
        }
        guard let split = text.range(of: "\n\n") else {
            throw LedgerError(.malformedProof, "add-checkpoint body has no empty line before the checkpoint")
        }
        let head = text[..<split.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let first = head[0]
        guard first.hasPrefix("old "), let old = UInt64(first.dropFirst(4)), String(old) == first.dropFirst(4) else {
            throw LedgerError(.malformedProof, "add-checkpoint line 1: expected 'old <decimal size>' without leading zeros")
        }
        guard head.count - 1 <= Self.maximumProofLines else {
            throw LedgerError(
                .malformedProof, "add-checkpoint: \(head.count - 1) proof lines; at most \(Self.maximumProofLines) are allowed")
        }
        var proof: [Digest] = []
        for (offset, line) in head.dropFirst().enumerated() {
            guard let digest = Digest(base64: String(line)) else {
                throw LedgerError(.malformedProof, "add-checkpoint line \(offset + 2): not base64 of a 32-byte hash")
            }
            proof.append(digest)
        }
        self.init(oldSize: old, proof: proof, note: String(text[split.upperBound...]))
    }
}
