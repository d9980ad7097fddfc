/// The right border of a Merkle tree: one perfect subtree hash per set bit of the tree size.
///
/// Appending a leaf merges equal-sized subtrees and reports each perfect subtree it completes,
/// so a store can persist every full node once (2n - popcount(n) nodes for n leaves) and
/// answer any proof without rehashing the log.
public struct CompactRange: Sendable, Equatable {
    /// A completed perfect subtree: `2^level` leaves starting at leaf `index << level`.
    public struct Node: Sendable, Equatable {
        /// The height of the subtree (0 for a leaf).
        public let level: Int
        /// The subtree's position among subtrees of its height.
        public let index: UInt64
        /// The subtree's hash.
        public let hash: Digest
    }

    /// The number of leaves covered.
    public private(set) var size: UInt64 = 0
    /// The border's subtree hashes, tallest (leftmost) first.
    public private(set) var hashes: [Digest] = []

    /// An empty range.
    public init() {}

    /// Restores a range from its border hashes.
    /// - Parameters:
    ///   - size: the tree size.
    ///   - hashes: one hash per set bit of `size`, tallest first.
    public init?(size: UInt64, hashes: [Digest]) {
        guard size.nonzeroBitCount == hashes.count else { return nil }
        self.size = size
        self.hashes = hashes
    }

    /// The levels of the border subtrees for a tree of `size` leaves, tallest first, with the
    /// index of each subtree at its level.
    public static func border(of size: UInt64) -> [(level: Int, index: UInt64)] {
        var result: [(Int, UInt64)] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (UInt64(1) << level) != 0 {
            result.append((level, start >> level))
            start += UInt64(1) << level
        }
        return result
    }

    /// Appends a leaf hash.
    /// - Parameter leafHash: `MerkleHash.leaf(entry bytes)`.
    /// - Returns: the perfect subtrees completed by this leaf, the leaf itself first.
    public mutating func append(_ leafHash: Digest) -> [Node] {
        var created = [Node(level: 0, index: size, hash: leafHash)]
        var hash = leafHash
        var index = size
        var level = 0
        hashes.append(leafHash)
        while index & 1 == 1 {
            let left = hashes[hashes.count - 2]
            hash = MerkleHash.node(left, hash)
            hashes.removeLast(2)
            hashes.append(hash)
            index >>= 1
            level += 1
            created.append(Node(level: level, index: index, hash: hash))
        }
        size += 1
        return created
    }

    /// The RFC 9162 tree hash of the covered leaves.
    public var root: Digest {
        guard var result = hashes.last else { return MerkleHash.empty }
        for hash in hashes.dropLast().reversed() {
            result = MerkleHash.node(hash, result)
        }
        return result
    }
}
