import Foundation
import Testing

@testable import AttestLedger

/// The eight leaves of the RFC 6962 reference tree, whose roots the shared vectors also use.
enum ReferenceTree {
    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map { Hex.decode($0)! }

    /// Roots of the first 1...8 leaves.
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { Digest(hex: $0)! }
}

/// An in-memory node store fed by `CompactRange`.
struct MemoryNodes: MerkleNodeSource {
    var nodes: [String: Digest] = [:]
    var range = CompactRange()

    mutating func append(_ leaf: Digest) {
        for node in range.append(leaf) { nodes["\(node.level)/\(node.index)"] = node.hash }
    }

    func hash(level: Int, index: UInt64) throws -> Digest {
        guard let hash = nodes["\(level)/\(index)"] else { throw LedgerError(.notFound, "node \(level)/\(index)") }
        return hash
    }
}

@Suite("Merkle tree")
struct MerkleTreeTests {
    @Test("empty tree hash is SHA-256 of nothing")
    func emptyRoot() {
        #expect(MerkleHash.empty.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CompactRange().root == MerkleHash.empty)
    }

    @Test("roots of the reference tree at every size")
    func referenceRoots() throws {
        var store = MemoryNodes()
        for (offset, leaf) in ReferenceTree.leaves.enumerated() {
            store.append(MerkleHash.leaf(leaf))
            #expect(store.range.root == ReferenceTree.roots[offset])
            #expect(try MerkleProofBuilder(source: store).root(size: UInt64(offset + 1)) == ReferenceTree.roots[offset])
        }
    }

    @Test("generated proofs match the shared happy-path vectors")
    func proofsMatchVectors() throws {
        var store = MemoryNodes()
        for leaf in ReferenceTree.leaves { store.append(MerkleHash.leaf(leaf)) }
        let builder = MerkleProofBuilder(source: store)
        for file in RFC9162Vectors.files("inclusion") where file.hasSuffix("happy-path.json") {
            let vector = try RFC9162Vectors.load(file)
            let index = UInt64(vector["leafIdx"] as! Int)
            let size = UInt64(vector["treeSize"] as! Int)
            let want = (vector["proof"] as? [String] ?? []).map { Digest(base64: $0)! }
            #expect(try builder.inclusionProof(index: index, size: size) == want, "\(file)")
        }
        for file in RFC9162Vectors.files("consistency") where file.hasSuffix("happy-path.json") {
            let vector = try RFC9162Vectors.load(file)
            let old = UInt64(vector["size1"] as! Int)
            let new = UInt64(vector["size2"] as! Int)
            let want = (vector["proof"] as? [String] ?? []).map { Digest(base64: $0)! }
            #expect(try builder.consistencyProof(oldSize: old, newSize: new) == want, "\(file)")
        }
    }

    @Test("every inclusion and consistency proof of trees up to 40 leaves verifies")
    func exhaustiveSmallTrees() throws {
        var store = MemoryNodes()
        var roots: [Digest] = []
        var leafHashes: [Digest] = []
        for value in 0..<40 {
            let leaf = MerkleHash.leaf([UInt8(value), 0xAB])
            leafHashes.append(leaf)
            store.append(leaf)
            roots.append(store.range.root)
            #expect(roots.last == MerkleHash.root(ofLeafHashes: leafHashes))
        }
        let builder = MerkleProofBuilder(source: store)
        for size in 1...UInt64(40) {
            for index in 0..<size {
                let proof = try builder.inclusionProof(index: index, size: size)
                #expect(
                    MerkleProofVerifier.verifyInclusion(
                        leafHash: leafHashes[Int(index)], index: index, size: size, proof: proof, root: roots[Int(size - 1)]))
                #expect(
                    !MerkleProofVerifier.verifyInclusion(
                        leafHash: leafHashes[Int(index)], index: index, size: size, proof: proof,
                        root: roots[0] == roots[Int(size - 1)] ? .zero : roots[0]))
            }
            for old in 1...size {
                let proof = try builder.consistencyProof(oldSize: old, newSize: size)
                #expect(
                    MerkleProofVerifier.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: roots[Int(old - 1)], newRoot: roots[Int(size - 1)], proof: proof))
            }
        }
    }

    @Test("two checkpoints of the same size are consistent only when their roots are equal (a same-size fork is not)")
    func sameSizeFork() {
        let root = ReferenceTree.roots[4]
        let other = ReferenceTree.roots[5]
        #expect(MerkleProofVerifier.verifyConsistency(oldSize: 5, newSize: 5, oldRoot: root, newRoot: root, proof: []))
        #expect(!MerkleProofVerifier.verifyConsistency(oldSize: 5, newSize: 5, oldRoot: root, newRoot: other, proof: []))
        #expect(!MerkleProofVerifier.verifyConsistency(oldSize: 5, newSize: 5, oldRoot: root, newRoot: root, proof: [other]))
    }

    @Test("an inclusion proof for an index at or past the tree size is refused")
    func inclusionIndexPastTheSize() {
        let leaf = ReferenceTree.roots[0]  // the tree of one leaf: its root is that leaf's hash
        #expect(MerkleProofVerifier.verifyInclusion(leafHash: leaf, index: 0, size: 1, proof: [], root: leaf))
        #expect(!MerkleProofVerifier.verifyInclusion(leafHash: leaf, index: 1, size: 1, proof: [], root: leaf))
    }
}
