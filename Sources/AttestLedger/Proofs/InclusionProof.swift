import Foundation

/// An inclusion proof in the C2SP tlog-proof form (c2sp.org/tlog-proof):
///
/// ```
/// c2sp.org/tlog-proof@v1
/// [extra <base64>]
/// index <decimal>
/// <base64 hash>            (zero or more, leaf's sibling first)
///
/// <signed checkpoint>
/// ```
public struct InclusionProof: Sendable, Equatable {
    /// The first line of every proof.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// The entry's 0-based index.
    public let index: UInt64
    /// The audit path (RFC 9162 section 2.1.3.1).
    public let hashes: [Digest]
    /// The checkpoint the proof leads to.
    public let checkpoint: SignedCheckpoint
    /// Unauthenticated extra data (Attest puts the entry's leaf bytes here).
    public let extra: [UInt8]?

    /// Assembles a proof.
    public init(index: UInt64, hashes: [Digest], checkpoint: SignedCheckpoint, extra: [UInt8]? = nil) {
        self.index = index
        self.hashes = hashes
        self.checkpoint = checkpoint
        self.extra = extra
    }

    /// The proof's text.
    public var serialized: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + Base64.encode(extra)) }
        lines.append("index \(index)")
        lines += hashes.map(\.base64)
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// Parses a proof file.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - logKey: when given, the checkpoint must carry its valid signature.
    ///   - source: the file name, for messages.
    /// - Throws: `LedgerError` (`.malformedProof`) naming the line; checkpoint errors.
    public init(parsing text: String, logKey: VerifierKey?, source: String = "proof") throws {
        guard let split = text.range(of: "\n\n") else {
            throw LedgerError(.malformedProof, "\(source): no blank line separates the proof from the checkpoint")
        }
        let head = text[..<split.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard head.first == Self.header else {
            throw LedgerError(.malformedProof, "\(source):1: the first line must be '\(Self.header)'")
        }
        var line = 1
        var extra: [UInt8]?
        if head.count > line, head[line].hasPrefix("extra ") {
            guard let bytes = Base64.decode(head[line].dropFirst(6)) else {
                throw LedgerError(.malformedProof, "\(source):\(line + 1): 'extra' is not followed by base64")
            }
            extra = bytes
            line += 1
        }
        guard head.count > line, head[line].hasPrefix("index "),
            let index = UInt64(head[line].dropFirst(6)), String(index) == head[line].dropFirst(6)
        else {
            throw LedgerError(.malformedProof, "\(source):\(line + 1): expected 'index <decimal without leading zeros>'")
        }
        line += 1
        var hashes: [Digest] = []
        while line < head.count {
            guard let digest = Digest(base64: head[line]) else {
                throw LedgerError(.malformedProof, "\(source):\(line + 1): '\(head[line].prefix(60))' is not base64 of a 32-byte hash")
            }
            hashes.append(digest)
            line += 1
        }
        guard hashes.count <= 64 else {
            throw LedgerError(.malformedProof, "\(source): \(hashes.count) proof hashes; a tree of at most 2^64 leaves needs at most 64")
        }
        let checkpoint: SignedCheckpoint
        do {
            checkpoint = try SignedCheckpoint(parsing: String(text[split.upperBound...]), logKey: logKey)
        } catch let error as LedgerError {
            throw LedgerError(error.code, "\(source): the checkpoint after the blank line: \(error.message)")
        }
        self.init(index: index, hashes: hashes, checkpoint: checkpoint, extra: extra)
    }

    /// Verifies that `leafHash` is at `index` in the checkpointed tree.
    public func verifies(leafHash: Digest) -> Bool {
        MerkleProofVerifier.verifyInclusion(
            leafHash: leafHash, index: index, size: checkpoint.checkpoint.size, proof: hashes,
            root: checkpoint.checkpoint.root)
    }
}
