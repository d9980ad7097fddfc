import AttestLedger
import AttestPostgres
import Foundation
import Testing

/// Attacks on the PostgreSQL log: what the database refuses by itself (privileges, triggers,
/// constraints), and what only verification can reveal (an insider who turns the triggers off).
@Suite struct AppendOnlyAttackTests {
    /// The server's role, granted append-only rights, can read and insert but never change,
    /// delete or truncate a log row, nor turn the triggers off.
    @Test(arguments: [
        "UPDATE entries SET payload = '\\x7b7d' WHERE seq = 1",
        "DELETE FROM entries WHERE seq = 2",
        "TRUNCATE checkpoints",
        "UPDATE merkle_nodes SET hash = hash WHERE level = 0",
        "DELETE FROM checkpoints",
        "ALTER TABLE entries DISABLE TRIGGER entries_no_change",
        "DROP TRIGGER entries_follow ON entries",
    ])
    func serverRoleCannotChangeTheLog(sql: String) async throws {
        let fixture = try await PostgresFixture()
        let role = try await fixture.makeRole()
        try await fixture.makeLog(entries: 3).closing { log in
            try await log.checkpoint(signedBy: fixture.logSigner)
            try await log.grantAppendOnly(to: role)
        }
        // The role can append through the store...
        try await PostgresLog.withOpen(at: try fixture.location(user: role)) { (asServer: PostgresLog) async throws in
            #expect(try await asServer.append(PostgresFixture.draft(9), signer: fixture.admin).sequence == 4)
        }
        // ...and nothing else.
        let error = await #expect(throws: HarnessError.self) { try await fixture.server.psql(sql, database: fixture.database, user: role) }
        #expect(
            error?.description.contains("permission denied") == true || error?.description.contains("must be owner") == true,
            "\(error?.description ?? "")")
        try await PostgresLog.withOpen(at: try fixture.location()) { (check: PostgresLog) async throws in
            #expect(try await check.verify().isValid)
            #expect(try await check.size() == 5)
        }
    }

    /// Even the tables' owner meets the triggers: no UPDATE, DELETE or TRUNCATE on any log table.
    @Test(arguments: [
        ("UPDATE entries SET time_us = 0 WHERE seq = 1", "entries is append-only: rows cannot be changed"),
        ("DELETE FROM merkle_nodes WHERE level = 0 AND idx = 2", "merkle_nodes is append-only: rows cannot be deleted"),
        ("TRUNCATE entries CASCADE", "entries is append-only: rows cannot be truncated"),
        ("DELETE FROM checkpoints", "checkpoints is append-only: rows cannot be deleted"),
        ("UPDATE ledger_meta SET value = 'other' WHERE key = 'origin'", "ledger_meta is append-only: rows cannot be changed"),
    ])
    func triggersRefuseChangesByTheOwner(sql: String, message: String) async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 3).closing { log in
            try await log.checkpoint(signedBy: fixture.logSigner)
            let error = await #expect(throws: HarnessError.self) { try await fixture.server.psql(sql, database: fixture.database) }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
            #expect(try await log.verify().isValid)
        }
    }

    /// A role that may insert still cannot leave a gap, reuse a sequence number or break the
    /// chain: the primary key and the `entries_follow` trigger refuse the row.
    @Test func insertsThatDoNotFollowTheHeadAreRefused() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 3).closing { log in
            let last = try await log.entry(at: 3)
            let role = try await fixture.makeRole()
            try await log.grantAppendOnly(to: role)
            let zero = String(repeating: "00", count: 32)
            let good = last.leafHash.hex
            let signature = String(repeating: "11", count: 64)
            func insert(seq: Int, previous: String) async throws {
                try await fixture.server.psql(
                    "INSERT INTO entries VALUES (\(seq), 1, '\\x\(previous)', '\\x\(zero)', 'x', '\\x7b7d', '\\x\(signature)')",
                    database: fixture.database, user: role)
            }
            let duplicate = await #expect(throws: HarnessError.self) { try await insert(seq: 3, previous: good) }
            #expect(duplicate?.description.contains("is not the next entry") == true, "\(duplicate?.description ?? "")")
            let gap = await #expect(throws: HarnessError.self) { try await insert(seq: 5, previous: good) }
            #expect(gap?.description.contains("is not the next entry") == true)
            let fork = await #expect(throws: HarnessError.self) { try await insert(seq: 4, previous: zero) }
            #expect(fork?.description.contains("previous hash is not the leaf hash of entry 3") == true)
            // The primary key refuses a second entry 3 even with the trigger gone (the owner's act).
            try await fixture.server.psql("ALTER TABLE entries DISABLE TRIGGER entries_follow", database: fixture.database)
            let twice = await #expect(throws: HarnessError.self) { try await insert(seq: 3, previous: good) }
            #expect(twice?.description.contains("duplicate key") == true)
            #expect(try await log.size() == 4)
            #expect(try await log.verify().isValid)
        }
    }

    /// An insider with the superuser password turns the triggers off and edits a payload: the
    /// database cannot stop that, and `verify` names the entry.
    @Test func insiderEditIsDetectedByVerify() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 6).closing { log in
            let checkpoint = try await log.checkpoint(signedBy: fixture.logSigner)
            try await fixture.insiderEdit("UPDATE entries SET payload = convert_to('{\"n\":9,\"note\":\"entry 9\"}', 'UTF8') WHERE seq = 3")
            // The default batch holds the whole log; batches of 2 check entry 3's signature ahead
            // of the walk, with the key the genesis established in the batch before.
            for batchSize in [4096, 2] {
                let report = try await log.verify(against: checkpoint, batchSize: batchSize)
                #expect(!report.isValid)
                #expect(report.problems.contains { $0.kind == .badSignature && $0.sequence == 3 }, "batches of \(batchSize)")
                #expect(report.problems.contains { $0.kind == .rootMismatch && $0.sequence == 3 })
                #expect(report.problems.contains { $0.kind == .brokenLink && $0.sequence == 4 })
            }
        }
    }

    /// An insider removes the last entries, their nodes and the checkpoints covering them: the
    /// rest is a valid shorter log, which only a checkpoint kept elsewhere reveals.
    @Test func insiderTruncationIsDetectedWithAnExternalCheckpoint() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 6).closing { log in
            let kept = try await log.checkpoint(signedBy: fixture.logSigner)
            try await fixture.insiderEdit(
                "DELETE FROM entries WHERE seq >= 5; DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > 5; DELETE FROM checkpoints")
            #expect(try await log.verify().isValid)
            let report = try await log.verify(against: kept)
            #expect(report.problems.map(\.kind) == [.inconsistentCheckpoint])
        }
    }

    /// An insider edits a stored interior Merkle node (proofs would be built from it).
    @Test func insiderNodeEditIsDetectedByVerify() async throws {
        let fixture = try await PostgresFixture()
        let log = try await fixture.makeLog(entries: 6)  // 7 entries: the root reads the level-2 node too
        try await fixture.insiderEdit("UPDATE merkle_nodes SET hash = sha256(hash) WHERE level = 2 AND idx = 0")
        let report = try await log.verify()
        #expect(report.problems.contains { $0.kind == .rootMismatch && $0.detail.contains("level 2, index 0") })
        #expect(report.problems.contains { $0.kind == .rootMismatch && $0.sequence == nil })
        await log.close()
    }
}
