import AttestLedger
import Foundation

@testable import AttestWitness

/// An in-memory log for witness tests: a log key, leaves, and RFC 9162 roots and proofs.
struct TestLog {
    let signer: Signer
    var leaves: [Digest]

    /// A log of `size` leaves whose content starts with `branch` (two branches fork at leaf 0
    /// unless `shared` leaves are common).
    init(origin: String = "example.com/test-log", signer: Signer? = nil, size: Int, branch: String = "a", shared: Int = 0) throws {
        self.signer = try signer ?? Signer(name: origin, key: SigningKey.generate())
        leaves = (0..<size).map { MerkleHash.leaf(Array((($0 < shared) ? "common-\($0)" : "\(branch)-\($0)").utf8)) }
    }

    var origin: String { signer.name }

    func root(_ size: UInt64) -> Digest { MerkleHash.root(ofLeafHashes: Array(leaves.prefix(Int(size)))) }

    func checkpoint(_ size: UInt64) throws -> SignedCheckpoint {
        try SignedCheckpoint(checkpoint: Checkpoint(origin: origin, size: size, root: root(size)), signer: signer)
    }

    func proof(from old: UInt64, to new: UInt64) throws -> [Digest] {
        guard old > 0, old < new else { return [] }
        return try MerkleProofBuilder(source: LeafNodes(leaves: leaves)).consistencyProof(oldSize: old, newSize: new)
    }

    /// The add-checkpoint body from `old` to `size`.
    func request(old: UInt64, size: UInt64) throws -> [UInt8] {
        Array(AddCheckpointRequest(oldSize: old, proof: try proof(from: old, to: size), note: try checkpoint(size).serialized).body.utf8)
    }
}

/// Perfect subtree hashes computed from the leaves.
struct LeafNodes: MerkleNodeSource {
    let leaves: [Digest]

    func hash(level: Int, index: UInt64) throws -> Digest {
        let start = Int(index) << level
        return MerkleHash.root(ofLeafHashes: Array(leaves[start..<min(start + (1 << level), leaves.count)]))
    }
}

/// A fresh temporary folder.
func temporaryFolder(_ label: String = "witness") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
