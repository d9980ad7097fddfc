import Foundation

/// A consistency proof between two checkpoints, in Attest's text form modelled on
/// c2sp.org/tlog-proof (C2SP defines no consistency-proof file):
///
/// ```
/// attest.dev/consistency-proof@v1
/// old <decimal size>
/// <base64 hash>            (zero or more, RFC 9162 section 2.1.4.1 order)
///
/// <new signed checkpoint>
/// ```
public struct ConsistencyProof: Sendable, Equatable {
    /// The first line of every consistency proof.
    public static let header = "attest.dev/consistency-proof@v1"

    /// The older tree size.
    public let oldSize: UInt64
    /// The proof hashes.
    public let hashes: [Digest]
    /// The newer checkpoint.
    public let checkpoint: SignedCheckpoint

    /// Assembles a proof.
    public init(oldSize: UInt64, hashes: [Digest], checkpoint: SignedCheckpoint) {
        self.oldSize = oldSize
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    /// The proof's text.
    public var serialized: String {
        ([Self.header, "old \(oldSize)"] + hashes.map(\.base64)).map { $0 + "\n" }.joined() + "\n"
            + checkpoint.serialized
    }

    /// Parses a consistency-proof file.
    /// - Throws: `LedgerError` (`.malformedProof`) naming the line.
    public init(parsing text: String, logKey: VerifierKey?, source: String = "proof") throws {
        guard let split = text.range(of: "\n\n") else {
            throw LedgerError(.malformedProof, "\(source): no blank line separates the proof from the checkpoint")
        }
        let head = text[..<split.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard head.first == Self.header else {
            throw LedgerError(.malformedProof, "\(source):1: the first line must be '\(Self.header)'")
        }
        guard head.count > 1, head[1].hasPrefix("old "), let old = UInt64(head[1].dropFirst(4)),
            String(old) == head[1].dropFirst(4)
        else {
            throw LedgerError(.malformedProof, "\(source):2: expected 'old <decimal size>'")
        }
        var hashes: [Digest] = []
        for (offset, line) in head.dropFirst(2).enumerated() {
            guard let digest = Digest(base64: line) else {
                throw LedgerError(.malformedProof, "\(source):\(offset + 3): '\(line.prefix(60))' is not base64 of a 32-byte hash")
            }
            hashes.append(digest)
        }
        guard hashes.count <= 128 else { throw LedgerError(.malformedProof, "\(source): too many proof hashes (\(hashes.count))") }
        let checkpoint: SignedCheckpoint
        do {
            checkpoint = try SignedCheckpoint(parsing: String(text[split.upperBound...]), logKey: logKey)
        } catch let error as LedgerError {
            throw LedgerError(error.code, "\(source): the checkpoint after the blank line: \(error.message)")
        }
        self.init(oldSize: old, hashes: hashes, checkpoint: checkpoint)
    }

    /// Verifies that `old` is a prefix of this proof's checkpoint.
    public func verifies(from old: Checkpoint) -> Bool {
        old.origin == checkpoint.checkpoint.origin && old.size == oldSize
            && MerkleProofVerifier.verifyConsistency(
                oldSize: oldSize, newSize: checkpoint.checkpoint.size, oldRoot: old.root,
                newRoot: checkpoint.checkpoint.root, proof: hashes)
    }
}
