import AttestLedger
import Foundation
import Testing

@testable import AttestReports

/// The report's in-memory tree gives the same proofs and roots as the ledger's stored tree.
@Test(arguments: [1, 2, 3, 5, 8, 13, 31])
func memoryTreeProofsEqualTheLedgers(size: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-tree-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let admin = try ReportScenario.signer("alice", seed: 1)
    let log = try ReportScenario.signer("t.example/log", seed: 2)
    let ledger = try Ledger.create(at: folder.appendingPathComponent("l").path, origin: log.name, logKey: log.verifierKey, admin: admin)
    if size > 1 {
        try ledger.append((1..<size).map { EntryDraft(type: "test.note", payload: Array("{\"n\":\($0)}".utf8)) }, signer: admin)
    }
    let tree = MemoryTree(leaves: try ledger.entries().map(\.leafHash))
    #expect(tree.root == (try ledger.root(size: UInt64(size))))
    for index in 0..<size {
        #expect(tree.inclusionProof(index: index) == (try ledger.inclusionProof(index: UInt64(index), size: UInt64(size))))
    }
}
