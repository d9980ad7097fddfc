/// Where a proof builder reads perfect subtree hashes from (the ledger's stored nodes).
public protocol MerkleNodeSource {
    /// The hash of the perfect subtree of height `level` at position `index`.
    /// - Throws: when the node is not stored.
    func hash(level: Int, index: UInt64) throws -> Digest
}

/// Builds RFC 9162 proofs from stored perfect subtrees: O(log² n) node reads, no leaf rehashing.
public struct MerkleProofBuilder<Source: MerkleNodeSource> {
    /// The node store.
    public let source: Source

    /// Wraps a node store.
    public init(source: Source) { self.source = source }

    /// The tree hash of leaves `[start, end)`, where the range is either a perfect aligned
    /// subtree or ends at a tree's right edge.
    public func subtreeHash(start: UInt64, end: UInt64) throws -> Digest {
        let width = end - start
        if width == 0 { return MerkleHash.empty }
        if width.nonzeroBitCount == 1 && start % width == 0 {
            let level = width.trailingZeroBitCount
            return try source.hash(level: level, index: start >> level)
        }
        let k = MerkleHash.split(width)
        return MerkleHash.node(try subtreeHash(start: start, end: start + k), try subtreeHash(start: start + k, end: end))
    }

    /// The root of the first `size` leaves.
    public func root(size: UInt64) throws -> Digest { try subtreeHash(start: 0, end: size) }

    /// The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves,
    /// RFC 9162 section 2.1.3.1, leaf's sibling first.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [Digest] {
        precondition(index < size)
        var path: [Digest] = []
        var start: UInt64 = 0
        var end = size
        var m = index
        while end - start > 1 {
            let k = MerkleHash.split(end - start)
            if m < k {
                path.append(try subtreeHash(start: start + k, end: end))
                end = start + k
            } else {
                path.append(try subtreeHash(start: start, end: start + k))
                start += k
                m -= k
            }
        }
        return path.reversed()
    }

    /// The consistency proof from the tree of `oldSize` leaves to the tree of `newSize`,
    /// RFC 9162 section 2.1.4.1.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [Digest] {
        precondition(oldSize > 0 && oldSize <= newSize)
        var proof: [Digest] = []
        var start: UInt64 = 0
        var end = newSize
        var m = oldSize
        var complete = true
        while true {
            let n = end - start
            if m == n {
                if !complete { proof.append(try subtreeHash(start: start, end: end)) }
                break
            }
            let k = MerkleHash.split(n)
            if m <= k {
                proof.append(try subtreeHash(start: start + k, end: end))
                end = start + k
            } else {
                proof.append(try subtreeHash(start: start, end: start + k))
                start += k
                m -= k
                complete = false
            }
        }
        return proof.reversed()
    }
}
