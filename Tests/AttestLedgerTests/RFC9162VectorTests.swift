import Foundation
import Testing

@testable import AttestLedger

/// Reads the public RFC 9162 vectors from ../shared/vectors/rfc9162 (transparency-dev/merkle testdata).
enum RFC9162Vectors {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/vectors/rfc9162")

    static func files(_ kind: String) -> [String] {
        let folder = root.appendingPathComponent(kind)
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted().map { "\(kind)/\($0)" }
    }

    static func load(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(relative))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Decodes a base64 field; anything not 32 bytes becomes a digest that cannot match.
    static func digest(_ value: Any?) -> Digest? {
        guard let text = value as? String, let data = Data(base64Encoded: text) else { return nil }
        return Digest([UInt8](data))
    }
}

@Suite("RFC 9162 vectors")
struct RFC9162VectorTests {
    @Test("the shared vectors are present")
    func vectorsPresent() {
        #expect(RFC9162Vectors.files("inclusion").count > 50, "expected ../shared/vectors/rfc9162 beside the checkout")
        #expect(RFC9162Vectors.files("consistency").count > 50)
    }

    @Test("inclusion", arguments: RFC9162Vectors.files("inclusion"))
    func inclusion(file: String) throws {
        let vector = try RFC9162Vectors.load(file)
        let wantErr = vector["wantErr"] as? Bool ?? false
        let proofValues = vector["proof"] as? [Any] ?? []
        let proof = proofValues.map(RFC9162Vectors.digest)
        var ok = false
        if let leaf = RFC9162Vectors.digest(vector["leafHash"]), let root = RFC9162Vectors.digest(vector["root"]),
            !proof.contains(where: { $0 == nil }),
            let index = vector["leafIdx"] as? Int, let size = vector["treeSize"] as? Int, index >= 0, size >= 0
        {
            ok = MerkleProofVerifier.verifyInclusion(
                leafHash: leaf, index: UInt64(index), size: UInt64(size), proof: proof.map { $0! }, root: root)
        }
        #expect(ok == !wantErr, "\(file): \(vector["desc"] ?? "")")
    }

    @Test("consistency", arguments: RFC9162Vectors.files("consistency"))
    func consistency(file: String) throws {
        let vector = try RFC9162Vectors.load(file)
        let wantErr = vector["wantErr"] as? Bool ?? false
        let proof = (vector["proof"] as? [Any] ?? []).map(RFC9162Vectors.digest)
        var ok = false
        if let root1 = RFC9162Vectors.digest(vector["root1"]), let root2 = RFC9162Vectors.digest(vector["root2"]),
            !proof.contains(where: { $0 == nil }),
            let size1 = vector["size1"] as? Int, let size2 = vector["size2"] as? Int, size1 >= 0, size2 >= 0
        {
            ok = MerkleProofVerifier.verifyConsistency(
                oldSize: UInt64(size1), newSize: UInt64(size2), oldRoot: root1, newRoot: root2, proof: proof.map { $0! })
        } else if let size1 = vector["size1"] as? Int, size1 > 0, size1 == vector["size2"] as? Int, proof.isEmpty {
            // Equal sizes need only equal roots; some vectors use placeholder roots that are not
            // 32 bytes, which cannot become a Digest, so compare their bytes directly.
            ok = (vector["root1"] as? String) == (vector["root2"] as? String)
        }
        #expect(ok == !wantErr, "\(file): \(vector["desc"] ?? "")")
    }
}
