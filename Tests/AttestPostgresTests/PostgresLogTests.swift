import AttestLedger
import AttestPostgres
import Foundation
import Testing

/// The PostgreSQL store keeps the same log as a SQLite ledger: the same entry bytes, roots,
/// proofs and checkpoints (each test makes its own database on a cluster the tests start).
@Suite struct PostgresLogTests {
    @Test func appendsReadsAndVerifies() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 20).closing { log in
            #expect(try await log.size() == 21)
            let entry = try await log.entry(at: 7)
            #expect(entry.sequence == 7)
            #expect(entry.payloadText == "{\"n\":6,\"note\":\"entry 6\"}")
            #expect(entry.previousHash == (try await log.entry(at: 6)).leafHash)
            let checkpoint = try await log.checkpoint(signedBy: fixture.logSigner)
            #expect(checkpoint.checkpoint.size == 21)
            let report = try await log.verify(against: checkpoint)
            #expect(report.isValid, "\(report.problems)")
            #expect(report.entriesChecked == 21)
            #expect(report.signaturesChecked == 21)
            #expect(report.checkpointsChecked == 1)
        }

        let reopened = try await PostgresLog.open(at: try fixture.location())
        #expect(reopened.origin == PostgresFixture.origin)
        #expect(reopened.logKey == fixture.logSigner.verifierKey)
        #expect(try await reopened.append(PostgresFixture.draft(99), signer: fixture.admin).sequence == 21)
        await reopened.close()
    }

    /// Roots and proofs from the stored nodes equal those of a SQLite ledger holding the same
    /// entries, at every size, and verify with the RFC 9162 verifier.
    @Test func rootsAndProofsMatchSQLite() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 12).closing { log in
            let file = try SQLiteFixture()
            _ = try await LedgerMigration.copy(from: log, toFile: file.path)
            let ledger = try Ledger.open(at: file.path, readOnly: true)
            for size in UInt64(1)...13 {
                let root = try await log.root(size: size)
                #expect(root == (try ledger.root(size: size)), "root at size \(size)")
                for index in 0..<size {
                    let proof = try await log.inclusionProof(index: index, size: size)
                    #expect(proof == (try ledger.inclusionProof(index: index, size: size)))
                    let leaf = try await log.entry(at: index).leafHash
                    #expect(MerkleProofVerifier.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root))
                }
                let consistency = try await log.consistencyProof(oldSize: 1 + size / 2, newSize: size)
                #expect(consistency == (try ledger.consistencyProof(oldSize: 1 + size / 2, newSize: size)))
            }
            await #expect(throws: LedgerError.self) { try await log.inclusionProof(index: 13, size: 13) }
        }
    }

    /// A signer the log does not know is refused, and nothing is written.
    @Test func refusesUnknownSignerAndBadDrafts() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 1).closing { log in
            let stranger = try Signer(name: "mallory", key: .generate())
            let unknown = await #expect(throws: LedgerError.self) { try await log.append(PostgresFixture.draft(1), signer: stranger) }
            #expect(unknown?.code == .unknownSigner)
            let badType = await #expect(throws: LedgerError.self) {
                try await log.append(EntryDraft(type: "Bad Type", payload: Array("{}".utf8)), signer: fixture.admin)
            }
            #expect(badType?.code == .badInput)
            let notObject = await #expect(throws: LedgerError.self) {
                try await log.append(EntryDraft(type: "x", payload: Array("[1]".utf8)), signer: fixture.admin)
            }
            #expect(notObject?.code == .badInput)
            #expect(try await log.size() == 2)
        }
    }

    /// A second `create` on a database that holds a ledger is refused; `open` of an empty one says so.
    @Test func createRefusesExistingAndOpenNamesEmpty() async throws {
        let fixture = try await PostgresFixture()
        let empty = try await PostgresFixture()
        try await fixture.makeLog().closing { log in
            let again = await #expect(throws: LedgerError.self) { try await fixture.makeLog() }
            #expect(again?.code == .alreadyExists)
            let none = await #expect(throws: LedgerError.self) { try await PostgresLog.open(at: try empty.location()) }
            #expect(none?.code == .notFound && none?.message.contains(empty.database) == true)
            let nowhere = try PostgresLocation(parsing: "postgres://x@127.0.0.1:\(try PostgresServer.freePort())/db?sslmode=disable")
            let refused = await #expect(throws: LedgerError.self) { try await PostgresLog.open(at: nowhere) }
            #expect(refused?.code == .storage && refused?.message.contains("127.0.0.1") == true)
        }
    }

    @Test(arguments: [
        ("postgres://alice@db.example:6543/ledger", "postgres://alice@db.example:6543/ledger"),
        ("postgresql://bob:secret@10.0.0.1/x?sslmode=require", "postgres://bob@10.0.0.1:5432/x"),
        (
            "postgres://carol@primary.example:5433,standby.example:5434/ledger",
            "postgres://carol@primary.example:5433,standby.example:5434/ledger"
        ),
        ("postgres://carol:pw@p.example,s.example/l?sslmode=disable", "postgres://carol@p.example:5432,s.example:5432/l"),
    ])
    func parsesLocations(text: String, shown: String) throws {
        let location = try PostgresLocation(parsing: text, environment: [:])
        #expect(location.description == shown)
        #expect(!location.description.contains("secret"))
    }

    @Test(arguments: [
        "ledger.db", "postgres://db.example/x", "postgres://a@db.example", "postgres://a@h/x?mode=1", "postgres://a@h1,:5/x",
        "postgres://a@h1,h2:99999/x",
    ])
    func refusesBadLocations(text: String) throws {
        let error = #expect(throws: LedgerError.self) { try PostgresLocation(parsing: text, environment: [:]) }
        #expect(error?.code == .badInput)
    }
}
