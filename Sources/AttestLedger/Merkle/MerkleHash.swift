import Foundation

/// The RFC 9162 (section 2.1.1) hash functions of a Merkle tree over SHA-256.
public enum MerkleHash {
    /// The hash of the empty tree: `SHA-256()`.
    public static let empty = SHA256.hash([UInt8]())

    /// A leaf hash: `SHA-256(0x00 || leaf)`.
    /// - Parameter leaf: the leaf's bytes.
    /// - Returns: the leaf hash.
    public static func leaf(_ leaf: some ContiguousBytes) -> Digest {
        var hasher = SHA256()
        hasher.update(byte: 0x00)
        hasher.update(leaf)
        return hasher.finalize()
    }

    /// An interior node hash: `SHA-256(0x01 || left || right)`.
    /// - Returns: the parent hash.
    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var hasher = SHA256()
        hasher.update(byte: 0x01)
        hasher.update(left.bytes)
        hasher.update(right.bytes)
        return hasher.finalize()
    }

    /// The largest power of two strictly smaller than `n` (n >= 2), the split point `k` of RFC 9162.
    static func split(_ n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// The tree hash of a list of leaf hashes (RFC 9162 MTH), computed directly. For tests and
    /// small trees; the ledger computes roots from stored nodes.
    public static func root(ofLeafHashes leaves: [Digest]) -> Digest {
        var range = CompactRange()
        for leaf in leaves { _ = range.append(leaf) }
        return range.root
    }
}
