import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// The attacks of an insider who edits the SQLite file around the log: the schema (a planted
/// trigger, a crafted index) and the projection tables (an edited stage, an NFD rewrite,
/// planted reviews). `attest verify` must name each, and a command must refuse to use a row
/// that disagrees with its signed entry (exit 3).
@Suite("Database integrity: schema and projections against the signed log")
struct DatabaseIntegrityTests {
    static let model = GovernanceWorld.model

    /// Runs `sql` on the file through a connection of its own, as an insider would.
    static func tamper(_ world: GovernanceWorld, _ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        let queue = try DatabaseQueue(path: world.path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// What `attest verify` reports (log, schema, integrity, projections, authority).
    static func verify(_ world: GovernanceWorld) throws -> [VerificationProblem] {
        try Registry.open(at: world.path, readOnly: true).verifyEverything().problems
    }

    static func inconsistency(_ body: () throws -> Void) -> LedgerError? {
        do {
            try body()
            return nil
        } catch let error as LedgerError {
            return error
        } catch {
            return nil
        }
    }

    @Test("an honest ledger passes every check, and the guarded commands read it")
    func honest() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        #expect(try Self.verify(world).isEmpty)
        #expect(try world.registry.version(Self.model, version).stage == "staging")
        #expect(try world.registry.model(Self.model).versions.count == 1)
        #expect(try world.registry.models().count == 1)
        #expect(try world.registry.history(Self.model).count > 5)
    }

    @Test("a planted trigger that censors 'actor deactivate' is reported by name")
    func plantedTriggerCensorsDeactivation() throws {
        let world = try GovernanceWorld()
        try Self.tamper(
            world,
            """
            CREATE TRIGGER keep_rick BEFORE INSERT ON entries WHEN NEW.type = 'actor.deactivated'
            BEGIN SELECT RAISE(ABORT, 'database is locked'); END
            """)
        // The trigger would stop the admin from deactivating anybody, and nothing in the log
        // would show it.
        // Writing through the planted schema is refused, naming the trigger, before the trigger
        // can fire (its own message, "database is locked", would hide it).
        let refused = #expect(throws: LedgerError.self) {
            try world.registry.deactivateActor("rick", reason: "left", by: world.signer("alice"))
        }
        #expect(refused?.code == .inconsistentDatabase && refused?.exitCode == 3)
        #expect(refused?.message.contains("unexpected trigger 'keep_rick' on table 'entries'") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains("Nothing was written") == true)
        let problems = try Self.verify(world)
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .schemaMismatch)
        #expect(problems.first?.detail.contains("unexpected trigger 'keep_rick' on table 'entries'") == true)
        // Commands refuse to read through a schema that is not Attest's.
        let error = Self.inconsistency { _ = try world.registry.actors() }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.exitCode == 3)
        #expect(error?.message.contains("keep_rick") == true)
    }

    @Test("an NFD rewrite of a reviewer's name in gov_reviews is a byte difference that verify and the commands name")
    func nfdRewriteOfReviewer() throws {
        let world = try GovernanceWorld()
        let zoe = try Signer(name: "zo\u{EB}", key: .generate())
        try world.registry.addActor(zoe.verifierKey.name, publicKey: zoe.verifierKey, roles: ["validator"], by: world.signer("alice"))
        let version = try world.registerVersion()
        let rejection = try world.registry.reject(Self.model, version: version, for: .staging, comment: "no", by: zoe)
        #expect(try Self.verify(world).isEmpty)
        // Canonically equivalent, so Swift's String == calls the two names equal; SQLite's `=`
        // does not, so the roles of "zoe\u{308}" are none and the rejection stops counting.
        let nfd = "zoe\u{308}"
        #expect(nfd == "zo\u{EB}")
        try Self.tamper(world, "UPDATE gov_reviews SET actor = ? WHERE seq = ?", [nfd, Int64(rejection)])
        #expect(try world.registry.roles(of: nfd, at: rejection).isEmpty)
        let problems = try Self.verify(world)
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .projectionMismatch)
        #expect(problems.first?.sequence == rejection)
        #expect(problems.first?.detail.contains("table gov_reviews") == true)
        #expect(problems.first?.detail.contains("zoe\\u{308}") == true)
        let error = Self.inconsistency { _ = try world.registry.version(Self.model, version) }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.message.contains("gov_reviews") == true)
        #expect(error?.message.contains("entry \(rejection)") == true)
    }

    @Test("a crafted index on gov_inputs_by_version that hides an evaluation is found by the integrity check and the guard")
    func craftedIndexHidesEvaluation() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        let evaluation = try world.recordEvaluation(version: version)
        let original = try #require(
            try DatabaseQueue(path: world.path).read {
                try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'gov_inputs_by_version'")
            })
        // Rebuild the index's b-tree without the evaluation's row, then restore its definition:
        // the schema reads as Attest's, but queries through the index no longer see the row.
        try Self.tamper(
            world, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = ? WHERE name = 'gov_inputs_by_version'",
            ["\(original) WHERE seq <> \(evaluation)"])
        try Self.tamper(world, "REINDEX gov_inputs_by_version")
        try Self.tamper(
            world, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = ? WHERE name = 'gov_inputs_by_version'", [original])
        let seen = try DatabaseQueue(path: world.path).read {
            try Int64.fetchAll($0, sql: "SELECT seq FROM gov_inputs WHERE model = ? AND version = ?", arguments: [Self.model, version])
        }
        #expect(!seen.contains(Int64(evaluation)), "the crafted index hides the row from queries that use it")
        let problems = try Self.verify(world)
        #expect(problems.contains { $0.kind == .storageDamaged && $0.detail.contains("gov_inputs_by_version") })
        #expect(problems.allSatisfy { $0.kind == .storageDamaged })
        let error = Self.inconsistency { _ = try world.registry.version(Self.model, version) }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.message.contains("gov_inputs") == true)
        #expect(error?.message.contains("is missing") == true)
    }

    @Test("an edited reg_versions.stage is never printed as production: the command fails naming table and entry")
    func editedStagePrintedAsProduction() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let registered = try world.registry.version(Self.model, version).registeredEntry
        try Self.tamper(world, "UPDATE reg_versions SET stage = 'production' WHERE model = ? AND version = ?", [Self.model, version])
        let error = Self.inconsistency { _ = try world.registry.version(Self.model, version) }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.message.contains("reg_versions") == true)
        #expect(error?.message.contains("stage=\"production\"") == true)
        #expect(error?.message.contains("stage=\"staging\"") == true)
        #expect(Self.inconsistency { _ = try world.registry.model(Self.model) }?.code == .inconsistentDatabase)
        #expect(Self.inconsistency { _ = try world.registry.models() }?.code == .inconsistentDatabase)
        let problems = try Self.verify(world)
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .projectionMismatch)
        #expect(problems.first?.sequence == registered)
        #expect(problems.first?.detail.contains("table reg_versions") == true)
    }

    @Test("a stage rolled back to an older signed stage change is caught by the guard")
    func stageRolledBack() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let row = try #require(
            try DatabaseQueue(path: world.path).read {
                try Row.fetchOne($0, sql: "SELECT registered_seq, registered_us FROM reg_versions WHERE version = ?", arguments: [version])
            })
        // Back to development as if the promotion had never happened, history row deleted too.
        try Self.tamper(
            world,
            "UPDATE reg_versions SET stage = 'development', stage_seq = ?, stage_us = ? WHERE version = ?; DELETE FROM reg_stage_history",
            [row["registered_seq"] as Int64, row["registered_us"] as Int64, version])
        let error = Self.inconsistency { _ = try world.registry.version(Self.model, version) }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.message.contains("reg_versions") == true)
        #expect(error?.message.contains("stage=\"staging\"") == true)
    }

    @Test("two planted gov_reviews approvals are refused by promote and named by verify")
    func plantedReviewsCountedAsApprovals() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        // Two approvals for production that nobody signed, citing entries that are not reviews.
        let cited = try world.registry.ledger.entries(types: [EventType.evidenceAttached]).map(\.sequence)
        #expect(cited.count == 2)
        for (seq, actor) in zip(cited, ["vera", "rick"]) {
            try Self.tamper(
                world, "INSERT INTO gov_reviews VALUES (?, ?, ?, 'production', 'approve', ?, 0, NULL, NULL)",
                [Int64(seq), Self.model, version, actor])
        }
        let before = try world.registry.ledger.size()
        let error = Self.inconsistency {
            _ = try world.registry.promote(Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        }
        #expect(error?.code == .inconsistentDatabase)
        #expect(error?.message.contains("gov_reviews") == true)
        #expect(error?.message.contains("entry \(cited[0])") == true)
        #expect(try world.registry.ledger.size() == before, "nothing was decided or recorded")
        let problems = try Self.verify(world)
        #expect(problems.first?.kind == .projectionMismatch)
        #expect(problems.first?.detail.contains("table gov_reviews") == true)
    }

    @Test("a version's deleted reviews are caught by its promotion: every review entry of that version is re-applied")
    func deletedReviewsAreCaughtByPromote() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let reviews = try DatabaseQueue(path: world.path).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM gov_reviews WHERE model = ? AND version = ?", arguments: [Self.model, version])
        }
        #expect((reviews ?? 0) > 0)
        // No row left cites the review entries: only the guard's sweep of the version's entries finds them.
        try Self.tamper(world, "DELETE FROM gov_reviews WHERE model = ? AND version = ?", [Self.model, version])
        let before = try world.registry.ledger.size()
        let error = Self.inconsistency {
            _ = try world.registry.promote(Self.model, version: version, to: .production, at: world.twoDaysLater(), by: world.signer("pat"))
        }
        #expect(error?.code == .inconsistentDatabase)
        #expect(
            error?.message.contains("gov_reviews") == true && error?.message.contains("is missing") == true, "\(String(describing: error))")
        #expect(try world.registry.ledger.size() == before, "nothing was decided or recorded")
    }

    @Test("rebuild drops what was planted on projection tables and restores the exact schema")
    func rebuildRestoresSchema() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        try Self.tamper(world, "CREATE INDEX planted ON reg_versions(stage); UPDATE reg_versions SET stage = 'production'")
        #expect(try Self.verify(world).count == 2)
        try world.registry.ledger.rebuildProjections()
        #expect(try Self.verify(world).isEmpty)
        #expect(try world.registry.version(Self.model, version).stage == "development")
    }
}
