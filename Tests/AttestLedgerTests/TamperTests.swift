import Foundation
import GRDB
import Testing

@testable import AttestLedger

/// Edits made directly to the SQLite file, as an insider with file access would make them.
/// Each must be caught by `verify`, which must name the entry and the reason.
@Suite("Tampering with the ledger file")
struct TamperTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let sql: String
        let expectedKind: VerificationProblem.Kind
        let expectedEntry: UInt64?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "one payload byte",
            sql: "UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), 'entry 5', 'entry 6') AS BLOB) WHERE seq = 6",
            expectedKind: .badSignature, expectedEntry: 6),
        Case(
            name: "a signature byte", sql: "UPDATE entries SET signature = X'00' || SUBSTR(signature, 2) WHERE seq = 4",
            expectedKind: .badSignature, expectedEntry: 4),
        Case(
            name: "a previous hash", sql: "UPDATE entries SET prev_hash = ZEROBLOB(32) WHERE seq = 3",
            expectedKind: .badSignature, expectedEntry: 3),
        Case(
            name: "a time", sql: "UPDATE entries SET time_us = time_us + 1 WHERE seq = 8",
            expectedKind: .badSignature, expectedEntry: 8),
        Case(
            name: "a type", sql: "UPDATE entries SET type = 'test.other' WHERE seq = 2",
            expectedKind: .badSignature, expectedEntry: 2),
        Case(
            name: "a signer id", sql: "UPDATE entries SET signer = ZEROBLOB(32) WHERE seq = 5",
            expectedKind: .unknownSigner, expectedEntry: 5),
        Case(
            name: "a deleted row", sql: "DELETE FROM entries WHERE seq = 7",
            expectedKind: .gap, expectedEntry: 7),
        Case(
            name: "two swapped rows",
            sql: """
                UPDATE entries SET seq = 1000 WHERE seq = 3; UPDATE entries SET seq = 3 WHERE seq = 4;
                UPDATE entries SET seq = 4 WHERE seq = 1000;
                """,
            expectedKind: .badSignature, expectedEntry: 3),
        Case(
            name: "a Merkle leaf node", sql: "UPDATE merkle_nodes SET hash = ZEROBLOB(32) WHERE level = 0 AND idx = 9",
            expectedKind: .rootMismatch, expectedEntry: 9),
        Case(
            name: "an interior Merkle node", sql: "UPDATE merkle_nodes SET hash = ZEROBLOB(32) WHERE level = 3 AND idx = 0",
            expectedKind: .rootMismatch, expectedEntry: nil),
        Case(
            name: "a stored checkpoint's signature", sql: "UPDATE checkpoints SET note = REPLACE(note, '—', '-')",
            expectedKind: .badCheckpointSignature, expectedEntry: nil),
    ]

    @Test("each edit is caught and located", arguments: cases)
    func caught(_ tamper: Case) throws {
        let test = try TestLedger(entries: 11)
        try test.ledger.checkpoint(signedBy: test.logSigner)
        #expect(try test.verify().isValid)
        try test.tamper(tamper.sql)
        let report = try test.verify()
        #expect(!report.isValid, "\(tamper.name) was not caught")
        let match = report.problems.first { $0.kind == tamper.expectedKind && $0.sequence == tamper.expectedEntry }
        #expect(
            match != nil,
            "\(tamper.name): expected \(tamper.expectedKind) at \(String(describing: tamper.expectedEntry)), got \(report.problems)")
        if let expectedEntry = tamper.expectedEntry {
            #expect(report.firstProblem?.sequence == expectedEntry, "the first problem names entry \(expectedEntry)")
        }
    }

    @Test("a forged row appended with a stranger's key is caught")
    func forgedRow() throws {
        let test = try TestLedger(entries: 3)
        let stranger = try Signer(name: "mallory", key: .generate())
        let last = try test.ledger.entry(at: 3)
        let body = EntryEncoding.body(
            sequence: 4, timeMicros: last.timeMicros + 1, previousHash: last.leafHash, signer: stranger.verifierKey.fingerprint,
            type: "test.event", payload: Array("{\"forged\":true}".utf8))
        let signature = stranger.key.signature(for: body)
        try test.tamper(
            "INSERT INTO entries VALUES (4, ?, ?, ?, 'test.event', ?, ?); INSERT INTO merkle_nodes VALUES (0, 4, ?)",
            arguments: [
                last.timeMicros + 1, Data(last.leafHash.bytes), Data(stranger.verifierKey.fingerprint.bytes),
                Data("{\"forged\":true}".utf8), Data(signature), Data(MerkleHash.leaf(body + signature).bytes),
            ])
        let report = try test.verify()
        #expect(report.firstProblem?.kind == .unknownSigner)
        #expect(report.firstProblem?.sequence == 4)
    }

    @Test("a row re-signed with the admin's own real key but altered is caught by the chain")
    func resignedAlteredRow() throws {
        let test = try TestLedger(entries: 5)
        let original = try test.ledger.entry(at: 3)
        let payload = Array("{\"n\":999}".utf8)
        let body = EntryEncoding.body(
            sequence: 3, timeMicros: original.timeMicros, previousHash: original.previousHash, signer: original.signer,
            type: original.type, payload: payload)
        try test.tamper(
            "UPDATE entries SET payload = ?, signature = ? WHERE seq = 3",
            arguments: [Data(payload), Data(test.admin.key.signature(for: body))])
        let report = try test.verify()
        #expect(!report.isValid)
        // Entry 3's signature is fine now, but entry 4 no longer links to it and the leaf differs.
        #expect(report.problems.contains { $0.kind == .rootMismatch && $0.sequence == 3 })
        #expect(report.problems.contains { $0.kind == .brokenLink && $0.sequence == 4 })
    }

    @Test("truncation is caught against a checkpoint held outside the ledger")
    func truncation() throws {
        let test = try TestLedger(entries: 12)
        let external = try test.ledger.checkpoint(signedBy: test.logSigner)
        try test.tamper(
            "DELETE FROM checkpoints; DELETE FROM merkle_nodes WHERE idx >= 0 AND level >= 0 AND (idx << level) + (1 << level) > 9; DELETE FROM entries WHERE seq >= 9"
        )
        #expect(try test.verify().isValid, "without an outside checkpoint a clean truncation is invisible")
        let report = try test.verify(against: external)
        #expect(report.firstProblem?.kind == .inconsistentCheckpoint)
        #expect(report.firstProblem?.sequence == 9)
    }

    @Test("a rolled-back and re-extended history is caught against an outside checkpoint")
    func rewrittenHistory() throws {
        let test = try TestLedger(entries: 12)
        let external = try test.ledger.checkpoint(signedBy: test.logSigner)
        try test.tamper(
            "DELETE FROM checkpoints; DELETE FROM merkle_nodes WHERE (idx << level) + (1 << level) > 9; DELETE FROM entries WHERE seq >= 9")
        // With the rows rolled back (and the triggers put back), the library appends new,
        // different entries.
        let reopened = try Ledger.open(at: test.path)
        try reopened.append((100..<104).map { try TestLedger.draft($0) }, signer: test.admin)
        #expect(try test.verify().isValid, "the rewritten log is internally consistent")
        let report = try test.verify(against: external)
        #expect(report.firstProblem?.kind == .inconsistentCheckpoint)
        #expect(report.firstProblem?.sequence == 12)
    }

    @Test("a replaced log key in the genesis breaks the genesis signature")
    func replacedLogKey() throws {
        let test = try TestLedger(entries: 2)
        let genesis = try test.ledger.entry(at: 0)
        let rogue = try Signer(name: TestLedger.origin, key: .generate())
        let text = genesis.payloadText.replacingOccurrences(of: test.logSigner.verifierKey.description, with: rogue.verifierKey.description)
        try test.tamper("UPDATE entries SET payload = ? WHERE seq = 0", arguments: [Data(text.utf8)])
        let report = try test.verify()
        #expect(report.firstProblem?.sequence == 0)
        #expect(report.firstProblem?.kind == .badSignature)
    }

    @Test("a log truncated by exactly one entry below its stored checkpoint is reported as truncated")
    func truncatedByOneEntry() throws {
        let test = try TestLedger(entries: 6)
        try test.ledger.checkpoint(signedBy: test.logSigner)
        // Size 7: leaf 6 has no parent node, so removing it and its leaf node leaves a consistent tree of 6.
        try test.tamper("DELETE FROM entries WHERE seq = 6; DELETE FROM merkle_nodes WHERE level = 0 AND idx = 6")
        let report = try test.verify()
        let problem = try #require(report.firstProblem)
        #expect(problem.kind == .inconsistentCheckpoint)
        #expect(problem.sequence == 6)
        #expect(problem.detail.contains("commits to 7 entries but the log has 6"), "\(problem.detail)")
        #expect(problem.detail.contains("truncated or rolled back"), "\(problem.detail)")
    }

    @Test("an entry re-signed with a time half a second before its predecessor's is a time regression")
    func timeRegressionWithinASecond() throws {
        let test = try TestLedger(entries: 4)
        let last = try test.ledger.entry(at: 4)
        let time = try test.ledger.entry(at: 3).timeMicros - 500_000
        let body = EntryEncoding.body(
            sequence: 4, timeMicros: time, previousHash: last.previousHash, signer: last.signer, type: last.type,
            payload: last.payload)
        let signature = test.admin.key.signature(for: body)
        // Size 5: leaf 4 has no parent node, so only the entry and its leaf change.
        try test.tamper(
            "UPDATE entries SET time_us = ?, signature = ? WHERE seq = 4; UPDATE merkle_nodes SET hash = ? WHERE level = 0 AND idx = 4",
            arguments: [time, Data(signature), Data(MerkleHash.leaf(body + signature).bytes)])
        let report = try test.verify()
        #expect(report.problems.map(\.kind) == [.timeRegression], "\(report.problems)")
        #expect(report.firstProblem?.sequence == 4)
    }
}
