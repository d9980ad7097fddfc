import Foundation
import GRDB
import Synchronization
import Testing

@testable import AttestLedger

/// The tampering catalogue: manipulations of the SQLite file made directly, as an insider with
/// file access (and, for some, with actors' real keys) would make them. For each, `verify`
/// (against a checkpoint held outside the ledger where the attack needs one) must fail and its
/// first problem must name the right entry and reason. `make stress` reports tried, detected and
/// localized (set `ATTEST_STRESS_RESULTS=DIR` to write `DIR/tamper.json`).
///
/// To add a case for a new entry type (a published policy, an approval), add a `TamperCase` to
/// `catalogue`: `mutate` edits the fixture's file, `expect` says what verify must report.
@Suite("Tampering catalogue")
struct TamperCatalogTests {
    @Test("each manipulation is detected and localized", arguments: TamperCase.catalogue)
    func detected(_ tamper: TamperCase) throws {
        let outcome = try tamper.run()
        #expect(outcome.detected, "\(tamper.name): not detected")
        #expect(outcome.localized, "\(tamper.name): expected \(tamper.expect), got \(outcome.problems.prefix(3))")
    }

    @Test("the catalogue has at least 30 distinct manipulations, and the totals are reported")
    func summary() throws {
        let catalogue = TamperCase.catalogue
        #expect(catalogue.count >= 30)
        #expect(Set(catalogue.map(\.name)).count == catalogue.count, "names are distinct")
        var detected = 0
        var localized = 0
        for tamper in catalogue {
            let outcome = try tamper.run()
            if outcome.detected { detected += 1 }
            if outcome.detected && outcome.localized { localized += 1 }
        }
        print("tamper catalogue: tried \(catalogue.count), detected \(detected), localized \(localized)")
        try StressResults.write(["tried": catalogue.count, "detected": detected, "localized": localized], name: "tamper.json")
        #expect(detected == catalogue.count)
        #expect(localized == catalogue.count)
    }

    @Test("a history rewritten with real keys passes verify without an outside checkpoint (the documented gap)")
    func rewriteNeedsAnOutsideCheckpoint() throws {
        let fixture = try TamperFixture()
        try fixture.resignChain(from: 10) { $0.sequence == 12 ? Array("{\"n\":12,\"rewritten\":true}".utf8) : nil }
        try fixture.test.tamper("DELETE FROM checkpoints")
        #expect(try fixture.test.verify().isValid, "internally consistent: only an outside checkpoint can tell")
        let report = try fixture.test.verify(against: fixture.external)
        #expect(report.firstProblem?.kind == .inconsistentCheckpoint)
    }
}

/// What verify must report for one manipulation.
struct TamperExpectation: Sendable, CustomStringConvertible {
    /// The kind of the first problem (problems are in log order, and at one entry in the order
    /// verify checks: decoding, sequence, time and signer first, then signature, link and tree).
    var kinds: Set<VerificationProblem.Kind>
    /// The entry named by the first problem (`[nil]` for the tree or a checkpoint).
    var entries: Set<UInt64?>
    /// Verify against the checkpoint held outside the ledger.
    var external = false
    /// Opening the ledger itself must fail with a storage error naming this.
    var openFailure: String?
    /// A projection table must differ from a replay (verify's own checks pass).
    var projectionTable: String?

    static func problem(_ kinds: VerificationProblem.Kind..., at entries: UInt64?..., external: Bool = false) -> Self {
        TamperExpectation(kinds: Set(kinds), entries: Set(entries), external: external)
    }

    static func openFails(_ message: String) -> Self { TamperExpectation(kinds: [], entries: [], openFailure: message) }

    static func projection(_ table: String) -> Self {
        TamperExpectation(kinds: [.projectionMismatch], entries: [nil], projectionTable: table)
    }

    var description: String {
        if let openFailure { return "open fails: \(openFailure)" }
        return
            "\(kinds.map(\.rawValue).sorted()) at \(entries.map { $0.map(String.init) ?? "-" }.sorted())\(external ? " (outside checkpoint)" : "")"
    }
}

/// One manipulation of the catalogue.
struct TamperCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expect: TamperExpectation
    let mutate: @Sendable (TamperFixture) throws -> Void

    var testDescription: String { name }

    struct Outcome {
        var detected = false
        var localized = false
        var problems: [String] = []
    }

    func run() throws -> Outcome {
        let fixture = try TamperFixture()
        #expect(try fixture.test.verify(against: fixture.external).isValid, "the fixture verifies before tampering")
        try mutate(fixture)
        var outcome = Outcome()
        let ledger: Ledger
        do {
            ledger = try Ledger.open(at: fixture.test.path, readOnly: true, projectors: [CountingProjector()])
        } catch let error as LedgerError {
            outcome.problems = [error.message]
            outcome.detected = expect.openFailure != nil || error.code == .storage || error.code == .verificationFailed
            outcome.localized = expect.openFailure.map { error.message.contains($0) } ?? false
            return outcome
        }
        let report = try LedgerVerifier().verify(ledger, against: expect.external ? fixture.external : nil)
        outcome.problems = report.problems.map(\.description)
        if let table = expect.projectionTable {
            let mismatches = report.isValid ? try ledger.projectionMismatches() : report.problems
            outcome.problems = mismatches.map(\.description)
            outcome.detected = !mismatches.isEmpty
            // The tamper helper drops the log's append-only triggers, which the schema check
            // reports too; the projection problem must name the table.
            outcome.localized = mismatches.contains { $0.kind == .projectionMismatch && $0.detail.contains("table \(table)") }
            return outcome
        }
        outcome.detected = !report.isValid
        if let first = report.firstProblem {
            outcome.localized = expect.kinds.contains(first.kind) && expect.entries.contains(first.sequence)
        }
        return outcome
    }

    private static func sql(
        _ text: String, _ arguments: StatementArguments = StatementArguments()
    ) -> @Sendable (TamperFixture) throws -> Void {
        let wrapped = UncheckedSendable(arguments)
        return { try $0.test.tamper(text, arguments: wrapped.value) }
    }

    static let catalogue: [TamperCase] = [
        // Single fields of one entry row.
        TamperCase(
            name: "payload: one byte changed", expect: .problem(.badSignature, at: 6),
            mutate: sql("UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), 'entry 6', 'entry 7') AS BLOB) WHERE seq = 6")),
        TamperCase(
            name: "payload: replaced by other valid JSON of the same length", expect: .problem(.badSignature, at: 7),
            mutate: sql("UPDATE entries SET payload = CAST(REPLACE(CAST(payload AS TEXT), '\"n\"', '\"m\"') AS BLOB) WHERE seq = 7")),
        TamperCase(
            name: "payload: emptied to {}", expect: .problem(.badSignature, at: 8),
            mutate: sql("UPDATE entries SET payload = CAST('{}' AS BLOB) WHERE seq = 8")),
        TamperCase(
            name: "payload: changed and re-signed by a stranger under the real signer's id", expect: .problem(.badSignature, at: 9),
            mutate: { fixture in
                let stranger = try Signer(name: "alice", key: .generate())
                try fixture.replace(9) { entry in (Array("{\"n\":9,\"paid\":0}".utf8), entry.signer, stranger) }
            }),
        TamperCase(
            name: "time: one microsecond later", expect: .problem(.badSignature, at: 8),
            mutate: sql("UPDATE entries SET time_us = time_us + 1 WHERE seq = 8")),
        TamperCase(
            name: "time: moved before the previous entry", expect: .problem(.timeRegression, at: 12),
            mutate: sql("UPDATE entries SET time_us = 0 WHERE seq = 12")),
        TamperCase(
            name: "time: moved after the next entry's", expect: .problem(.badSignature, at: 13),
            mutate: sql("UPDATE entries SET time_us = (SELECT time_us FROM entries WHERE seq = 14) + 5 WHERE seq = 13")),
        TamperCase(
            name: "type: changed to another valid type", expect: .problem(.badSignature, at: 11),
            mutate: sql("UPDATE entries SET type = 'test.other' WHERE seq = 11")),
        TamperCase(
            name: "type: changed to an invalid type", expect: .problem(.malformedEntry, at: 11),
            mutate: sql("UPDATE entries SET type = 'Test Event!' WHERE seq = 11")),
        TamperCase(
            name: "type: a key revocation turned into an ordinary event", expect: .problem(.badSignature, at: 10),
            mutate: sql("UPDATE entries SET type = 'test.event' WHERE seq = 10")),
        TamperCase(
            name: "signer: zeroed", expect: .problem(.unknownSigner, at: 5),
            mutate: sql("UPDATE entries SET signer = ZEROBLOB(32) WHERE seq = 5")),
        TamperCase(
            name: "signer: another valid actor's id, signature untouched", expect: .problem(.badSignature, at: 5),
            mutate: {
                try $0.test.tamper("UPDATE entries SET signer = ? WHERE seq = 5", arguments: [Data($0.bob.verifierKey.fingerprint.bytes)])
            }),
        TamperCase(
            name: "signer: a revoked actor's id", expect: .problem(.unknownSigner, at: 15),
            mutate: {
                try $0.test.tamper(
                    "UPDATE entries SET signer = ? WHERE seq = 15", arguments: [Data($0.carol.verifierKey.fingerprint.bytes)])
            }),
        TamperCase(
            name: "signer: 31 bytes", expect: .problem(.malformedEntry, at: 5),
            mutate: sql("UPDATE entries SET signer = SUBSTR(signer, 2) WHERE seq = 5")),
        TamperCase(
            name: "signature: first byte changed", expect: .problem(.badSignature, at: 4),
            mutate: sql("UPDATE entries SET signature = X'00' || SUBSTR(signature, 2) WHERE seq = 4")),
        TamperCase(
            name: "signature: truncated to 63 bytes", expect: .problem(.badSignature, at: 4),
            mutate: sql("UPDATE entries SET signature = SUBSTR(signature, 2) WHERE seq = 4")),
        TamperCase(
            name: "signature: copied from another entry of the same signer", expect: .problem(.badSignature, at: 13),
            mutate: sql("UPDATE entries SET signature = (SELECT signature FROM entries WHERE seq = 11) WHERE seq = 13")),
        TamperCase(
            name: "previous hash: zeroed", expect: .problem(.badSignature, at: 3),
            mutate: sql("UPDATE entries SET prev_hash = ZEROBLOB(32) WHERE seq = 3")),
        TamperCase(
            name: "previous hash: 31 bytes", expect: .problem(.malformedEntry, at: 3),
            mutate: sql("UPDATE entries SET prev_hash = SUBSTR(prev_hash, 2) WHERE seq = 3")),
        TamperCase(
            name: "sequence number: last entry renumbered", expect: .problem(.gap, at: 19),
            mutate: sql("UPDATE entries SET seq = 25 WHERE seq = 19")),

        // Whole rows: delete, duplicate, reorder, insert.
        TamperCase(
            name: "delete: an entry in the middle", expect: .problem(.gap, at: 7),
            mutate: sql("DELETE FROM entries WHERE seq = 7")),
        TamperCase(
            name: "delete: the last entry and its leaf (stored checkpoint catches it)", expect: .problem(.inconsistentCheckpoint, at: 19),
            mutate: { fixture in
                try fixture.test.tamper("DELETE FROM entries WHERE seq = 19")
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "delete: the genesis", expect: .openFails("no genesis entry"),
            mutate: sql("DELETE FROM entries WHERE seq = 0")),
        TamperCase(
            name: "duplicate: an old signed entry replayed at a new position", expect: .problem(.timeRegression, at: 20),
            mutate: { fixture in
                try fixture.test.tamper(
                    "INSERT INTO entries SELECT 20, time_us, prev_hash, signer, type, payload, signature FROM entries WHERE seq = 5")
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "duplicate: an entry replayed at the end with its time and link fixed", expect: .problem(.badSignature, at: 20),
            mutate: { fixture in
                let last = try fixture.test.ledger.entry(at: 19)
                try fixture.test.tamper(
                    "INSERT INTO entries SELECT 20, ?, ?, signer, type, payload, signature FROM entries WHERE seq = 11",
                    arguments: [last.timeMicros + 1, Data(last.leafHash.bytes)])
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "reorder: two entries swapped", expect: .problem(.badSignature, at: 3),
            mutate: sql(
                "UPDATE entries SET seq = 1000 WHERE seq = 3; UPDATE entries SET seq = 3 WHERE seq = 4; UPDATE entries SET seq = 4 WHERE seq = 1000"
            )),
        TamperCase(
            name: "reorder: two entries swapped and the tree rebuilt", expect: .problem(.badSignature, at: 13),
            mutate: { fixture in
                try fixture.test.tamper(
                    "UPDATE entries SET seq = 1000 WHERE seq = 13; UPDATE entries SET seq = 13 WHERE seq = 14; UPDATE entries SET seq = 14 WHERE seq = 1000"
                )
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "insert: a stranger's entry appended", expect: .problem(.unknownSigner, at: 20),
            mutate: { fixture in try fixture.appendForged(signer: try Signer(name: "mallory", key: .generate())) }),
        TamperCase(
            name: "insert: a stranger's entry in the middle, later entries shifted", expect: .problem(.unknownSigner, at: 10),
            mutate: { fixture in
                let stranger = try Signer(name: "mallory", key: .generate())
                let before = try fixture.test.ledger.entry(at: 9)
                try fixture.test.tamper(
                    "UPDATE entries SET seq = seq + 1000 WHERE seq >= 10; UPDATE entries SET seq = seq - 999 WHERE seq >= 1000")
                let forged = fixture.sign(
                    sequence: 10, time: before.timeMicros, previous: before.leafHash, type: "test.event",
                    payload: Array("{\"forged\":true}".utf8), signer: stranger)
                try fixture.insert(forged)
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "insert: a revoked key's signature after its revocation", expect: .problem(.unknownSigner, at: 20),
            mutate: { fixture in try fixture.appendForged(signer: fixture.carol) }),

        // Re-signing with real keys.
        TamperCase(
            name: "re-sign: an altered entry re-signed by its own signer's real key", expect: .problem(.rootMismatch, at: 3),
            mutate: { fixture in
                try fixture.replace(3) { entry in
                    (entry.payload.map { byte in byte == 0x33 ? 0x34 : byte }, entry.signer, fixture.test.admin)
                }
            }),
        TamperCase(
            name: "re-sign: an altered entry re-signed by ANOTHER actor's real key", expect: .problem(.rootMismatch, at: 9),
            mutate: { fixture in
                try fixture.replace(9) { _ in (Array("{\"n\":9,\"approved\":true}".utf8), fixture.bob.verifierKey.fingerprint, fixture.bob)
                }
            }),
        TamperCase(
            name: "re-sign: ANOTHER actor's key, leaf node fixed too", expect: .problem(.brokenLink, at: 10),
            mutate: { fixture in
                try fixture.replace(9) { _ in (Array("{\"n\":9,\"approved\":true}".utf8), fixture.bob.verifierKey.fingerprint, fixture.bob)
                }
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "re-sign: by an actor whose key was added only later", expect: .problem(.unknownSigner, at: 1),
            mutate: { fixture in try fixture.replace(1) { ($0.payload, fixture.bob.verifierKey.fingerprint, fixture.bob) } }),
        TamperCase(
            name: "re-sign: the whole chain from entry 10 with real keys (stored checkpoint catches it)",
            expect: .problem(.inconsistentCheckpoint, at: 19),
            mutate: { fixture in
                try fixture.resignChain(from: 10) { $0.sequence == 12 ? Array("{\"n\":12,\"rewritten\":true}".utf8) : nil }
            }),
        TamperCase(
            name: "re-sign: the whole chain, stored checkpoints deleted (outside checkpoint)",
            expect: .problem(.inconsistentCheckpoint, at: 19, external: true),
            mutate: { fixture in
                try fixture.resignChain(from: 10) { $0.sequence == 12 ? Array("{\"n\":12,\"rewritten\":true}".utf8) : nil }
                try fixture.test.tamper("DELETE FROM checkpoints")
            }),
        TamperCase(
            name: "re-sign: the revocation removed and the chain re-signed (outside checkpoint)",
            expect: .problem(.inconsistentCheckpoint, at: 19, external: true),
            mutate: { fixture in
                try fixture.test.tamper(
                    "UPDATE entries SET type = 'test.event', payload = CAST('{\"n\":10}' AS BLOB) WHERE seq = 10; DELETE FROM checkpoints")
                try fixture.resignChain(from: 10) { _ in nil }
            }),

        // The log key, truncation and rewritten history.
        TamperCase(
            name: "log key: the genesis re-signed by the admin, naming a log key not named after the origin",
            expect: .openFails("the log key's name must equal the origin"),
            mutate: { fixture in
                let rogue = try Signer(name: "rogue.example/log", key: .generate())
                try fixture.replace(0) { genesis in
                    let pinned = try! JSONDecoder().decode(GenesisPayload.self, from: Data(genesis.payload))
                    let forged = GenesisPayload(
                        origin: pinned.origin, logKey: rogue.verifierKey.description, admin: pinned.admin, format: pinned.format)
                    return (Array(try! JSONEncoder().encode(forged)), genesis.signer, fixture.test.admin)
                }
            }),
        TamperCase(
            name: "log key: replaced in the genesis", expect: .problem(.badSignature, at: 0),
            mutate: { fixture in
                let genesis = try fixture.test.ledger.entry(at: 0)
                let rogue = try Signer(name: TestLedger.origin, key: .generate())
                let text = genesis.payloadText.replacingOccurrences(
                    of: fixture.test.logSigner.verifierKey.description, with: rogue.verifierKey.description)
                try fixture.test.tamper("UPDATE entries SET payload = ? WHERE seq = 0", arguments: [Data(text.utf8)])
            }),
        TamperCase(
            name: "log key: the whole file replaced by a log with a new log key (outside checkpoint)",
            expect: .problem(.inconsistentCheckpoint, at: 19, external: true),
            mutate: { fixture in try fixture.replaceWithForgedLog() }),
        TamperCase(
            name: "truncate: last five entries, tree and stored checkpoints removed (outside checkpoint)",
            expect: .problem(.inconsistentCheckpoint, at: 15, external: true),
            mutate: { fixture in
                try fixture.test.tamper("DELETE FROM entries WHERE seq >= 15; DELETE FROM checkpoints")
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "truncate: last five entries, stored checkpoint kept", expect: .problem(.inconsistentCheckpoint, at: 15),
            mutate: { fixture in
                try fixture.test.tamper("DELETE FROM entries WHERE seq >= 15")
                try fixture.rebuildTree()
            }),
        TamperCase(
            name: "rollback: to size 15 and re-extended differently (outside checkpoint)",
            expect: .problem(.inconsistentCheckpoint, at: 19, external: true),
            mutate: { fixture in
                try fixture.test.tamper("DELETE FROM entries WHERE seq >= 15; DELETE FROM checkpoints")
                try fixture.rebuildTree()
                let reopened = try Ledger.open(at: fixture.test.path)
                try reopened.append((100..<105).map { try TestLedger.draft($0) }, signer: fixture.test.admin)
            }),

        // Stored checkpoints and the Merkle tree.
        TamperCase(
            name: "checkpoint: stored signature altered", expect: .problem(.badCheckpointSignature, at: nil),
            mutate: sql("UPDATE checkpoints SET note = REPLACE(note, '—', '-')")),
        TamperCase(
            name: "checkpoint: replaced by one signed with a rogue log key", expect: .problem(.badCheckpointSignature, at: nil),
            mutate: { fixture in
                let rogue = try Signer(name: TestLedger.origin, key: .generate())
                let fake = try SignedCheckpoint(
                    checkpoint: Checkpoint(origin: TestLedger.origin, size: 20, root: .zero), signer: rogue)
                try fixture.test.tamper("UPDATE checkpoints SET note = ? WHERE size = 20", arguments: [fake.serialized])
            }),
        TamperCase(
            name: "checkpoint: an extra one for a larger tree, rogue-signed", expect: .problem(.badCheckpointSignature, at: nil),
            mutate: { fixture in
                let rogue = try Signer(name: TestLedger.origin, key: .generate())
                let fake = try SignedCheckpoint(
                    checkpoint: Checkpoint(origin: TestLedger.origin, size: 25, root: .zero), signer: rogue)
                try fixture.test.tamper("INSERT INTO checkpoints VALUES (25, ?)", arguments: [fake.serialized])
            }),
        TamperCase(
            name: "tree: a leaf node changed", expect: .problem(.rootMismatch, at: 9),
            mutate: sql("UPDATE merkle_nodes SET hash = ZEROBLOB(32) WHERE level = 0 AND idx = 9")),
        TamperCase(
            name: "tree: an interior node changed", expect: .problem(.rootMismatch, at: 7),
            mutate: sql("UPDATE merkle_nodes SET hash = ZEROBLOB(32) WHERE level = 3 AND idx = 0")),
        TamperCase(
            name: "tree: a leaf node deleted", expect: .problem(.rootMismatch, at: 12),
            mutate: sql("DELETE FROM merkle_nodes WHERE level = 0 AND idx = 12")),
        TamperCase(
            name: "key entry: another key substituted in a key addition", expect: .problem(.badSignature, at: 1),
            mutate: { fixture in
                let entry = try fixture.test.ledger.entry(at: 1)
                let mallory = try Signer(name: "bob", key: .generate())
                let text = entry.payloadText.replacingOccurrences(
                    of: fixture.bob.verifierKey.description, with: mallory.verifierKey.description)
                try fixture.test.tamper("UPDATE entries SET payload = ? WHERE seq = 1", arguments: [Data(text.utf8)])
            }),

        // Projection tables only (the log untouched): caught by the replay that `attest verify` runs.
        TamperCase(
            name: "projection: a count changed", expect: .projection("tamper_counts"),
            mutate: sql("UPDATE tamper_counts SET n = n + 1 WHERE type = 'test.event'")),
        TamperCase(
            name: "projection: a row deleted", expect: .projection("tamper_counts"),
            mutate: sql("DELETE FROM tamper_counts WHERE type = 'ledger.key.revoked'")),
        TamperCase(
            name: "projection: a row inserted", expect: .projection("tamper_counts"),
            mutate: sql("INSERT INTO tamper_counts VALUES ('model.approved', 1)")),
    ]
}

/// A ledger of 20 entries: 0 genesis (alice), 1 bob's key added, 2 carol's key added, 3-9
/// events (alice on odd, bob on even numbers), 10 carol's key revoked, 11-19 events; a stored
/// checkpoint at size 20, also kept outside the ledger (`external`); a projection counting
/// entries by type.
struct TamperFixture {
    let test: TestLedger
    /// A handle with the projection, for appending.
    let ledger: Ledger
    let bob: Signer
    let carol: Signer
    let external: SignedCheckpoint

    init() throws {
        test = try TestLedger()
        bob = try Signer(name: "bob", key: .generate())
        carol = try Signer(name: "carol", key: .generate())
        ledger = try Ledger.open(at: test.path, projectors: [CountingProjector()])
        try ledger.rebuildProjections()
        try ledger.append(
            [
                try EntryDraft(
                    type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)),
                try EntryDraft(
                    type: LedgerEntryType.keyAdded, encoding: KeyAddedPayload(principal: "carol", key: carol.verifierKey.description)),
            ],
            signer: test.admin)
        for number in 3...9 { try ledger.append(try TestLedger.draft(number), signer: number % 2 == 1 ? test.admin : bob) }
        try ledger.append(
            try EntryDraft(
                type: LedgerEntryType.keyRevoked,
                encoding: KeyRevokedPayload(principal: "carol", key: carol.verifierKey.description, reason: "left")),
            signer: test.admin)
        for number in 11...19 { try ledger.append(try TestLedger.draft(number), signer: number % 2 == 1 ? test.admin : bob) }
        external = try ledger.checkpoint(signedBy: test.logSigner)
    }

    var signers: [Signer] { [test.admin, bob, carol] }

    /// An entry with a real signature by `signer`.
    func sign(
        sequence: UInt64, time: Int64, previous: Digest, type: String, payload: [UInt8], signer: Signer, as fingerprint: Digest? = nil
    ) -> Entry {
        let id = fingerprint ?? signer.verifierKey.fingerprint
        let body = EntryEncoding.body(
            sequence: sequence, timeMicros: time, previousHash: previous, signer: id, type: type, payload: payload)
        return Entry(
            sequence: sequence, timeMicros: time, previousHash: previous, signer: id, type: type, payload: payload,
            signature: signer.key.signature(for: body))
    }

    /// Writes `entry` as a new row.
    func insert(_ entry: Entry) throws {
        try test.tamper(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                Int64(entry.sequence), entry.timeMicros, Data(entry.previousHash.bytes), Data(entry.signer.bytes), entry.type,
                Data(entry.payload), Data(entry.signature),
            ])
    }

    /// Replaces entry `sequence` with a new payload and signer id, signed by `key`.
    func replace(_ sequence: UInt64, _ change: (Entry) -> (payload: [UInt8], signer: Digest, key: Signer)) throws {
        let old = try test.ledger.entry(at: sequence)
        let (payload, signerID, key) = change(old)
        let new = sign(
            sequence: sequence, time: old.timeMicros, previous: old.previousHash, type: old.type, payload: payload, signer: key,
            as: signerID)
        try test.tamper("DELETE FROM entries WHERE seq = ?", arguments: [Int64(sequence)])
        try insert(new)
    }

    /// Appends a properly chained entry at 20 signed by `signer`, with its tree nodes.
    func appendForged(signer: Signer) throws {
        let last = try test.ledger.entry(at: 19)
        try insert(
            sign(
                sequence: 20, time: last.timeMicros + 1, previous: last.leafHash, type: "test.event",
                payload: Array("{\"forged\":true}".utf8), signer: signer))
        try rebuildTree()
    }

    /// Re-signs every entry from `start` on with its signer's real key, after `alter` (which may
    /// return a new payload), re-linking the chain and rebuilding the tree: what an insider
    /// holding every actor's key could do.
    func resignChain(from start: UInt64, alter: (Entry) -> [UInt8]?) throws {
        let entries = try Ledger.open(at: test.path).entries()
        var previous = entries[Int(start) - 1].leafHash
        var rewritten: [Entry] = []
        for entry in entries where entry.sequence >= start {
            guard let key = signers.first(where: { $0.verifierKey.fingerprint == entry.signer }) else { continue }
            let new = sign(
                sequence: entry.sequence, time: entry.timeMicros, previous: previous, type: entry.type,
                payload: alter(entry) ?? entry.payload, signer: key)
            previous = new.leafHash
            rewritten.append(new)
        }
        try test.tamper("DELETE FROM entries WHERE seq >= ?", arguments: [Int64(start)])
        for entry in rewritten { try insert(entry) }
        try rebuildTree()
    }

    /// Replaces the file by a log built from scratch by the library, with the same origin and
    /// admin but a new log key, 20 entries and its own checkpoint.
    func replaceWithForgedLog() throws {
        let rogue = try Signer(name: TestLedger.origin, key: .generate())
        let path = test.folder.appendingPathComponent("forged.ledger").path
        do {
            // The handle closes at the end of this scope, folding its WAL into the file.
            let forged = try Ledger.create(at: path, origin: TestLedger.origin, logKey: rogue.verifierKey, admin: test.admin)
            try forged.append((1..<20).map { try TestLedger.draft($0) }, signer: test.admin)
            try forged.checkpoint(signedBy: rogue)
        }
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: test.path + suffix) }
        try manager.copyItem(atPath: path, toPath: test.path)
    }

    /// Recomputes every Merkle node from the stored entries, so that a forgery is not caught
    /// merely by a stale tree.
    func rebuildTree() throws {
        let queue = try DatabaseQueue(path: test.path)
        try queue.write { db in
            for table in ["merkle_nodes"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_update; DROP TRIGGER IF EXISTS \(table)_no_delete")
            }
            try db.execute(sql: "DELETE FROM merkle_nodes")
            var range = CompactRange()
            for row in try Row.fetchAll(db, sql: "SELECT \(LedgerSchema.entryColumns) FROM entries ORDER BY seq") {
                guard let entry = try? LedgerSchema.entry(from: row) else { continue }
                for node in range.append(entry.leafHash) {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO merkle_nodes VALUES (?, ?, ?)",
                        arguments: [node.level, Int64(node.index), Data(node.hash.bytes)])
                }
            }
            try LedgerSchema.installAppendOnly(db, tables: ["merkle_nodes"])
        }
    }
}

/// A minimal projection (entry counts by type), standing in for the registry's tables.
struct CountingProjector: LedgerProjector {
    func install(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS tamper_counts (type TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL)")
    }

    func reset(_ db: Database) throws { try db.execute(sql: "DELETE FROM tamper_counts") }

    func apply(_ entry: Entry, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO tamper_counts VALUES (?, 1) ON CONFLICT(type) DO UPDATE SET n = n + 1", arguments: [entry.type])
    }

    var tables: [(name: String, orderBy: String)] { [("tamper_counts", "type")] }
}

/// Where the catalogue tests leave their totals for `make stress` (`ATTEST_STRESS_RESULTS`).
enum StressResults {
    static func write(_ object: [String: Any], name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["ATTEST_STRESS_RESULTS"], !folder.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }
}
