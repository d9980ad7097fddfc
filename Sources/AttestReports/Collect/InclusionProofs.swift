import AttestLedger

/// Inclusion proofs of many entries against one tree size: from a tree built in memory when the
/// entries are a good part of the log (one read of the leaves instead of a dozen stored-node
/// reads per proof), otherwise one at a time from the ledger's stored nodes. The integrity
/// section of a report and the evidence bundle both prove every entry they carry.
struct InclusionProofs {
    private let ledger: Ledger
    private let size: UInt64
    private let tree: MemoryTree?

    /// Proofs for about `count` entries of the first `size` of `ledger`.
    init(ledger: Ledger, size: UInt64, count: Int) throws {
        self.ledger = ledger
        self.size = size
        tree =
            size > 0 && size <= UInt64(count) * 8 + 4096
            ? MemoryTree(leaves: try ledger.entries(range: 0...(size - 1)).map(\.leafHash)) : nil
    }

    /// The inclusion proof of entry `sequence` (below the size).
    func proof(for sequence: UInt64) throws -> [Digest] {
        try tree?.inclusionProof(index: Int(sequence)) ?? ledger.inclusionProof(index: sequence, size: size)
    }
}

/// A Merkle tree held in memory, level by level (RFC 9162: a node without a sibling is carried
/// up unchanged), for computing many inclusion proofs at once.
struct MemoryTree {
    private var levels: [[Digest]]

    init(leaves: [Digest]) {
        levels = [leaves]
        while let last = levels.last, last.count > 1 {
            var next: [Digest] = []
            next.reserveCapacity((last.count + 1) / 2)
            var index = 0
            while index < last.count {
                next.append(index + 1 < last.count ? MerkleHash.node(last[index], last[index + 1]) : last[index])
                index += 2
            }
            levels.append(next)
        }
    }

    /// The root (the empty-tree hash for no leaves).
    var root: Digest { levels.last?.first ?? MerkleHash.empty }

    /// The audit path of leaf `index`, its sibling first (RFC 9162 section 2.1.3.1).
    func inclusionProof(index: Int) -> [Digest] {
        var proof: [Digest] = []
        var position = index
        for level in levels.dropLast() {
            let sibling = position ^ 1
            if sibling < level.count { proof.append(level[sibling]) }
            position >>= 1
        }
        return proof
    }
}
