import AttestLedger
import AttestPostgres
import Foundation
import Testing

/// `LedgerMigration` copies a log between SQLite and PostgreSQL entry for entry: the same bytes,
/// the same root at every checkpoint size, checkpoints and cosignatures, in both directions.
@Suite struct MigrationTests {
    /// A SQLite ledger with a second signer, a rotated key, checkpoints at three sizes and a
    /// witness cosignature line.
    static func makeSource(_ file: SQLiteFixture, admin: Signer, logSigner: Signer) throws -> Ledger {
        let ledger = try Ledger.create(at: file.path, origin: PostgresFixture.origin, logKey: logSigner.verifierKey, admin: admin)
        try ledger.append((0..<5).map(PostgresFixture.draft), signer: admin)
        try ledger.checkpoint(signedBy: logSigner)
        let bob = try Signer(name: "bob", key: .generate())
        try ledger.append(
            EntryDraft(
                type: LedgerEntryType.keyAdded,
                encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)), signer: admin)
        try ledger.append((5..<9).map(PostgresFixture.draft), signer: bob)
        let signed = try ledger.checkpoint(signedBy: logSigner)
        let line = SignedNote.Signature(keyName: "witness.example", keyID: 0x0102_0304, signature: Array(repeating: 7, count: 72))
        try ledger.storeCosignatures([line], size: signed.checkpoint.size)
        try ledger.append(PostgresFixture.draft(9), signer: bob)
        try ledger.checkpoint(signedBy: logSigner)
        return ledger
    }

    @Test func sqliteToPostgresAndBack() async throws {
        let fixture = try await PostgresFixture()
        let file = try SQLiteFixture()
        let source = try Self.makeSource(file, admin: fixture.admin, logSigner: fixture.logSigner)
        let size = try source.size()
        let summary = try await LedgerMigration.copy(from: source, to: try fixture.location(), batchSize: 4)
        #expect(summary.entries == size)
        #expect(summary.checkpoints == 3)
        #expect(summary.cosignatures == 1)
        #expect(summary.checkedSizes == [6, 11, 12])
        #expect(summary.root == (try source.root(size: size)))

        let log = try await PostgresLog.open(at: try fixture.location())
        let report = try await log.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.checkpointsChecked == 3)
        for checkpoint in try source.storedCheckpoints() {
            #expect(try await log.root(size: checkpoint.size) == (try source.root(size: checkpoint.size)))
        }
        #expect(try await log.entries(in: 0...(size - 1)).map(\.leaf) == (try source.entries().map(\.leaf)))
        #expect(try await log.storedCheckpoints().map(\.note) == (try source.storedCheckpoints().map(\.note)))
        #expect(try await log.cosignatures(size: 11) == (try source.cosignatures(size: 11)))

        let back = file.file("back.ledger")
        let returned = try await LedgerMigration.copy(from: log, toFile: back, batchSize: 5)
        #expect(returned == summary)
        let copy = try Ledger.open(at: back, readOnly: true)
        let backReport = try LedgerVerifier().verify(copy)
        #expect(backReport.isValid, "\(backReport.problems)")
        #expect(try copy.entries().map(\.leaf) == (try source.entries().map(\.leaf)))
        #expect(try copy.storedCheckpoints().map(\.note) == (try source.storedCheckpoints().map(\.note)))
        #expect(try copy.cosignatures(size: 11) == (try source.cosignatures(size: 11)))
        await log.close()
    }

    /// A damaged source is not copied: the first entry that does not verify stops the copy,
    /// naming it, and the half-written file is removed.
    @Test func damagedPostgresSourceIsRefused() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 8).closing { log in
            try await fixture.insiderEdit("UPDATE entries SET time_us = time_us + 1 WHERE seq = 5")
            let file = try SQLiteFixture()
            let error = await #expect(throws: LedgerError.self) { try await LedgerMigration.copy(from: log, toFile: file.path) }
            #expect(error?.code == .verificationFailed)
            #expect(error?.message.contains("entry 5") == true, "\(error?.message ?? "")")
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }

    /// A forged entry in a SQLite source (a signature that does not verify) is refused by the store.
    @Test func damagedSQLiteSourceIsRefused() async throws {
        let fixture = try await PostgresFixture()
        let file = try SQLiteFixture()
        let source = try Self.makeSource(file, admin: fixture.admin, logSigner: fixture.logSigner)
        let entries = try source.entries()
        let forged = entries.map { entry in
            entry.sequence != 3
                ? entry
                : Entry(
                    sequence: entry.sequence, timeMicros: entry.timeMicros, previousHash: entry.previousHash, signer: entry.signer,
                    type: entry.type, payload: Array("{\"n\":42}".utf8), signature: entry.signature)
        }
        let log = try await PostgresLog.create(at: try fixture.location(), copying: forged[0])
        let error = await #expect(throws: LedgerError.self) { try await log.append(copies: Array(forged[1...])) }
        #expect(error?.message.contains("entry 3: the signature does not verify") == true, "\(error?.message ?? "")")
        #expect(try await log.size() == 1)  // one transaction: nothing of the batch was kept
        await log.close()
    }
}
