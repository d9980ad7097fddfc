import Foundation
import GRDB
import Synchronization
import Testing

@testable import AttestLedger

@Suite("Ledger")
struct LedgerTests {
    @Test("a new ledger has a genesis pinning origin, log key and admin, and verifies")
    func genesis() throws {
        let test = try TestLedger()
        #expect(try test.ledger.size() == 1)
        let genesis = try test.ledger.entry(at: 0)
        #expect(genesis.type == LedgerEntryType.genesis)
        #expect(genesis.previousHash == .zero)
        #expect(genesis.signer == test.admin.verifierKey.fingerprint)
        let payload = try JSONDecoder().decode(GenesisPayload.self, from: Data(genesis.payload))
        #expect(payload.origin == TestLedger.origin)
        #expect(payload.logKey == test.logSigner.verifierKey.description)
        #expect(payload.admin == test.admin.verifierKey.description)
        let reopened = try Ledger.open(at: test.path)
        #expect(reopened.origin == TestLedger.origin)
        #expect(reopened.logKey == test.logSigner.verifierKey)
        #expect(try test.verify().isValid)
    }

    @Test("a second init on an existing ledger refuses and leaves it intact")
    func secondInitRefuses() throws {
        let test = try TestLedger(entries: 3)
        let before = try Data(contentsOf: URL(fileURLWithPath: test.path))
        expectLedgerError(.alreadyExists, "attest.ledger: a ledger exists here already; 'init' never overwrites one") {
            try Ledger.create(
                at: test.path, origin: "other", logKey: try VerifierKey(name: "other", publicKey: test.admin.key.publicKey),
                admin: test.admin)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: test.path)) == before)
        #expect(try test.ledger.size() == 4)
    }

    @Test("entries chain, carry their signer and verify")
    func chain() throws {
        let test = try TestLedger(entries: 10)
        let entries = try test.ledger.entries()
        #expect(entries.count == 11)
        for (previous, entry) in zip(entries, entries.dropFirst()) {
            #expect(entry.previousHash == previous.leafHash)
            #expect(entry.sequence == previous.sequence + 1)
            #expect(entry.timeMicros >= previous.timeMicros)
            #expect(test.admin.key.publicKey.isValidSignature(entry.signature, for: entry.body))
            #expect(try EntryEncoding.decode(leaf: entry.leaf) == entry)
        }
        #expect(try test.ledger.root(size: 11) == MerkleHash.root(ofLeafHashes: entries.map(\.leafHash)))
    }

    @Test("an unknown signer is refused and nothing is written")
    func unknownSigner() throws {
        let test = try TestLedger(entries: 1)
        let stranger = try Signer(name: "mallory", key: .generate())
        expectLedgerError(.unknownSigner, "is not a valid signer of this ledger at entry 2 (unknown, rotated or revoked)") {
            try test.ledger.append(try TestLedger.draft(9), signer: stranger)
        }
        #expect(try test.ledger.size() == 2)
    }

    @Test("bad drafts are refused: invalid type, non-object payload, reserved type misuse")
    func badDrafts() throws {
        let test = try TestLedger()
        expectLedgerError(.badInput, "entry type 'Bad Type' must be 1-128 characters of a-z, 0-9, '.', '_' and '-'") {
            try test.ledger.append(EntryDraft(type: "Bad Type", payload: Array("{}".utf8)), signer: test.admin)
        }
        expectLedgerError(.badInput, "entry payload for 'x' is not a JSON object") {
            try test.ledger.append(EntryDraft(type: "x", payload: Array("[1]".utf8)), signer: test.admin)
        }
        expectLedgerError(.badInput, "entry payload for 'x' is not a JSON object") {
            try test.ledger.append(EntryDraft(type: "x", payload: Array("{".utf8)), signer: test.admin)
        }
        expectLedgerError(.badInput, "entry 1 (ledger.genesis): a genesis entry may only be entry 0") {
            try test.ledger.append(EntryDraft(type: "ledger.genesis", payload: Array("{}".utf8)), signer: test.admin)
        }
        #expect(try test.ledger.size() == 1)
    }

    @Test("a second genesis entry is refused even with a valid payload: a genesis may only be entry 0")
    func secondGenesisRefused() throws {
        let test = try TestLedger(entries: 1)
        // A well-formed genesis that would re-pin the admin and the log key (a takeover).
        let mallory = try Signer(name: "mallory", key: .generate())
        let otherLog = try Signer(name: "evil.example/log", key: .generate())
        let payload = GenesisPayload(
            origin: "evil.example/log", logKey: otherLog.verifierKey.description, admin: mallory.verifierKey.description,
            format: 1)
        #expect {
            try test.ledger.append(EntryDraft(type: LedgerEntryType.genesis, encoding: payload), signer: test.admin)
        } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return error.code == .badInput && error.message.contains("a genesis entry may only be entry 0")
        }
        #expect(try test.ledger.size() == 2)
        #expect { try test.ledger.append(try TestLedger.draft(2), signer: mallory) } throws: { error in
            (error as? LedgerError)?.code == .unknownSigner
        }
        #expect(try test.verify().isValid)
    }

    @Test("key rules: a rotation signed by another key, a second revocation and re-adding a revoked key are refused")
    func keyRuleViolations() throws {
        let test = try TestLedger()
        let bob = try Signer(name: "bob", key: .generate())
        try test.ledger.append(
            EntryDraft(type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)),
            signer: test.admin)
        func refused(_ draft: EntryDraft, by signer: Signer, _ why: String) {
            #expect {
                try test.ledger.append(draft, signer: signer)
            } throws: { error in
                guard let error = error as? LedgerError else { return false }
                return error.code == .badInput && error.message.contains(why)
            }
        }
        // The admin may not rotate bob's key: only the old key signs its rotation.
        let bob2 = try Signer(name: "bob", key: .generate())
        let proof = bob2.key.signature(for: KeyRotatedPayload.possessionMessage(old: bob.verifierKey, new: bob2.verifierKey))
        refused(
            try EntryDraft(
                type: LedgerEntryType.keyRotated,
                encoding: KeyRotatedPayload(
                    principal: "bob", oldKey: bob.verifierKey.description, newKey: bob2.verifierKey.description,
                    newKeySignature: Data(proof).base64EncodedString())),
            by: test.admin, "a rotation must be signed by the old key")
        // Revoked once; a second revocation (which would move the end of its validity) is refused.
        let revocation = try EntryDraft(
            type: LedgerEntryType.keyRevoked,
            encoding: KeyRevokedPayload(principal: "bob", key: bob.verifierKey.description, reason: "left"))
        try test.ledger.append(revocation, signer: test.admin)
        refused(revocation, by: test.admin, "is not active")
        // A revoked key cannot come back by being added again.
        refused(
            try EntryDraft(
                type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)),
            by: test.admin, "was introduced before")
        #expect { try test.ledger.append(try TestLedger.draft(9), signer: bob) } throws: { error in
            (error as? LedgerError)?.code == .unknownSigner
        }
        #expect(try test.ledger.size() == 3)
        #expect(try test.verify().isValid)
    }

    @Test("a checkpoint for another origin is refused even when the log key signed it")
    func checkpointForAnotherOrigin() throws {
        let test = try TestLedger(entries: 1)
        var note = try SignedNote(
            text: Checkpoint(origin: "other.example/log", size: 2, root: try test.ledger.root(size: 2)).text)
        note.sign(with: test.logSigner)
        #expect {
            try SignedCheckpoint(parsing: note.serialized, logKey: test.logSigner.verifierKey)
        } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return error.code == .verificationFailed && error.message.contains("a log key signs only its own log's checkpoints")
        }
    }

    @Test("a failed transaction writes nothing")
    func atomicBatch() throws {
        let test = try TestLedger()
        expectLedgerError(.badInput, "entry payload for 'x' is not a JSON object") {
            try test.ledger.append([try TestLedger.draft(1), EntryDraft(type: "x", payload: Array("nope".utf8))], signer: test.admin)
        }
        #expect(try test.ledger.size() == 1)
        #expect(try test.verify().isValid)
    }

    @Test("the database refuses UPDATE and DELETE on log rows")
    func appendOnly() throws {
        let test = try TestLedger(entries: 2)
        try test.ledger.checkpoint(signedBy: test.logSigner)
        let queue = try DatabaseQueue(path: test.path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE entries SET type = 'x' WHERE seq = 1") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM entries WHERE seq = 2") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM merkle_nodes") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE checkpoints SET note = ''") } }
        #expect(try test.verify().isValid)
    }

    @Test("time never goes backwards even when the clock does")
    func clockRegression() throws {
        let times = Mutex([Date(timeIntervalSince1970: 2_000_000_000), Date(timeIntervalSince1970: 1_000_000_000)])
        let clock: @Sendable () -> Date = { times.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] } }
        let test = try TestLedger(clock: clock)
        let entry = try test.ledger.append(try TestLedger.draft(1), signer: test.admin)
        #expect(entry.timeMicros == 2_000_000_000_000_000)
    }

    @Test("key lifecycle: added keys sign, rotated and revoked keys stop signing")
    func keyLifecycle() throws {
        let test = try TestLedger()
        let bob = try Signer(name: "bob", key: .generate())
        try test.ledger.append(
            EntryDraft(type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)),
            signer: test.admin)
        try test.ledger.append(try TestLedger.draft(1), signer: bob)

        let bob2 = try Signer(name: "bob", key: .generate())
        let proof = bob2.key.signature(for: KeyRotatedPayload.possessionMessage(old: bob.verifierKey, new: bob2.verifierKey))
        try test.ledger.append(
            EntryDraft(
                type: LedgerEntryType.keyRotated,
                encoding: KeyRotatedPayload(
                    principal: "bob", oldKey: bob.verifierKey.description, newKey: bob2.verifierKey.description,
                    newKeySignature: Data(proof).base64EncodedString())),
            signer: bob)
        expectLedgerError(.unknownSigner, "is not a valid signer of this ledger at entry 4 (unknown, rotated or revoked)") {
            try test.ledger.append(try TestLedger.draft(2), signer: bob)
        }
        try test.ledger.append(try TestLedger.draft(3), signer: bob2)

        // A rotation whose new key did not prove possession is refused.
        let bob3 = try Signer(name: "bob", key: .generate())
        expectLedgerError(.badInput, "entry 5 (ledger.key.rotated): the new key's proof of possession does not verify") {
            try test.ledger.append(
                EntryDraft(
                    type: LedgerEntryType.keyRotated,
                    encoding: KeyRotatedPayload(
                        principal: "bob", oldKey: bob2.verifierKey.description, newKey: bob3.verifierKey.description,
                        newKeySignature: Data(repeating: 0, count: 64).base64EncodedString())),
                signer: bob2)
        }

        try test.ledger.append(
            EntryDraft(
                type: LedgerEntryType.keyRevoked,
                encoding: KeyRevokedPayload(principal: "bob", key: bob2.verifierKey.description, reason: "left")),
            signer: test.admin)
        expectLedgerError(.unknownSigner, "is not a valid signer of this ledger at entry 6 (unknown, rotated or revoked)") {
            try test.ledger.append(try TestLedger.draft(4), signer: bob2)
        }
        // Another process opening the ledger sees the same key state.
        let other = try Ledger.open(at: test.path)
        expectLedgerError(.unknownSigner, "is not a valid signer of this ledger at entry 6 (unknown, rotated or revoked)") {
            try other.append(try TestLedger.draft(5), signer: bob2)
        }
        #expect(try test.verify().isValid)
    }

    @Test("checkpoints are signed notes by the log key and proofs verify against them")
    func checkpointsAndProofs() throws {
        let test = try TestLedger(entries: 20)
        let first = try test.ledger.checkpoint(signedBy: test.logSigner)
        #expect(first.checkpoint.size == 21)
        #expect(first.checkpoint.origin == TestLedger.origin)
        #expect(try test.ledger.checkpoint(signedBy: test.logSigner) == first, "an unchanged tree reuses its checkpoint")
        expectLedgerError(.badInput, "is not this ledger's log key test.example/log+") { try test.ledger.checkpoint(signedBy: test.admin) }
        try test.ledger.append((21..<40).map { try TestLedger.draft($0) }, signer: test.admin)
        let second = try test.ledger.checkpoint(signedBy: test.logSigner)
        for index in [UInt64(0), 7, 20, 38] {
            let proof = try test.ledger.inclusionProof(index: index, checkpoint: second)
            let parsed = try InclusionProof(parsing: proof.serialized, logKey: test.logSigner.verifierKey)
            #expect(parsed == proof)
            #expect(parsed.verifies(leafHash: MerkleHash.leaf(parsed.extra!)))
            #expect(!parsed.verifies(leafHash: try test.ledger.entry(at: index + 1).leafHash))
        }
        let hashes = try test.ledger.consistencyProof(oldSize: first.checkpoint.size, newSize: second.checkpoint.size)
        let consistency = ConsistencyProof(oldSize: first.checkpoint.size, hashes: hashes, checkpoint: second)
        let parsed = try ConsistencyProof(parsing: consistency.serialized, logKey: test.logSigner.verifierKey)
        #expect(parsed.verifies(from: first.checkpoint))
        #expect(!parsed.verifies(from: Checkpoint(origin: TestLedger.origin, size: 21, root: .zero)))
        #expect(try test.verify(against: first).isValid)
    }

    @Test("opening a missing file or a non-ledger SQLite file fails clearly")
    func openFailures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        expectLedgerError(.notFound, "none: no ledger here; create one with 'attest init' or pass --ledger PATH") {
            try Ledger.open(at: folder.appendingPathComponent("none").path)
        }
        let other = folder.appendingPathComponent("other.db").path
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        expectLedgerError(.storage, "other.db: this SQLite file is not an Attest ledger (no genesis entry)") { try Ledger.open(at: other) }
        let garbage = folder.appendingPathComponent("garbage").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        expectLedgerError(.storage, "garbage: the ledger file is damaged or is not an Attest ledger (file is not a database)") {
            try Ledger.open(at: garbage)
        }
    }
}

@Suite("Ledger storage settings")
struct LedgerStorageTests {
    @Test("the writer connection runs with synchronous=EXTRA in WAL mode")
    func durability() throws {
        let test = try TestLedger()
        for ledger in [test.ledger, try Ledger.open(at: test.path)] {
            let (synchronous, journal) = try ledger.write { writer in
                (try Int.fetchOne(writer.db, sql: "PRAGMA synchronous"), try String.fetchOne(writer.db, sql: "PRAGMA journal_mode"))
            }
            #expect(synchronous == 3, "EXTRA is 3")
            #expect(journal == "wal")
        }
    }

    @Test("opening a ledger to write, and writing nothing, leaves the file byte for byte unchanged")
    func openWritesNothing() throws {
        let path: String
        do {
            let test = try TestLedger(entries: 3)
            path = test.path
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for _ in 0..<2 {
            let ledger = try Ledger.open(at: path)
            _ = try ledger.size()
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
