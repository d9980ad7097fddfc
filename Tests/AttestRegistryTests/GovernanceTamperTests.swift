import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// Tampering with governance records directly in the SQLite file: a published policy file's
/// bytes, and an approval moved to another version, in the log and in the projections.
@Suite("Tampering with governance records")
struct GovernanceTamperTests {
    /// Runs `sql` on the file as an insider would, dropping the append-only triggers of a log
    /// table it updates.
    static func tamper(_ world: GovernanceWorld, _ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        let queue = try DatabaseQueue(path: world.path)
        try queue.writeWithoutTransaction { db in
            // Only an edit of the log itself needs its append-only triggers gone (verify's schema
            // check then reports them missing, besides the edit).
            for table in ["entries", "merkle_nodes", "checkpoints"] where sql.contains("UPDATE \(table) ") {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_update; DROP TRIGGER IF EXISTS \(table)_no_delete")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    static func verify(_ world: GovernanceWorld) throws -> [VerificationProblem] {
        let ledger = try Registry.open(at: world.path, readOnly: true).ledger
        let report = try LedgerVerifier().verify(ledger)
        return report.isValid ? try ledger.projectionMismatches() : report.problems
    }

    @Test("a published policy file's bytes changed in the log: the publication's signature fails")
    func policyBytesInTheLog() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        let seq = try #require(try world.registry.ledger.entries(types: [EventType.policyPublished]).last?.sequence)
        #expect(try Self.verify(world).isEmpty)
        // Loosen the fairness bound inside the stored policy text, keeping the payload valid JSON.
        let entry = try world.registry.ledger.entry(at: seq)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(entry.payload)) as? [String: Any])
        var files = try #require(object["files"] as? [[String: Any]])
        let index = try #require(files.firstIndex { ($0["path"] as? String) == "production.yaml" })
        let content = try #require(files[index]["content"] as? String)
        let text = String(decoding: try #require(Data(base64Encoded: content)), as: UTF8.self)
        let loosened = text.replacingOccurrences(of: "value: 0.8\n", with: "value: 0.1\n")
        #expect(loosened != text, "the bound was found in the stored policy")
        files[index]["content"] = Data(loosened.utf8).base64EncodedString()
        object["files"] = files
        let edited = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        try Self.tamper(world, "UPDATE entries SET payload = ? WHERE seq = ?", [edited, Int64(seq)])
        let problems = try Self.verify(world)
        #expect(problems.first?.kind == .badSignature)
        #expect(problems.first?.sequence == seq)
    }

    @Test("a published policy file's digest changed in the projection only: the replay check names the table")
    func policyDigestInTheProjection() throws {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        try Self.tamper(
            world,
            "UPDATE gov_policy_files SET digest = 'sha256:' || substr('0000000000000000000000000000000000000000000000000000000000000000', 1, 64) WHERE path LIKE '%production%'"
        )
        let problems = try Self.verify(world)
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .projectionMismatch)
        #expect(problems.first?.detail.contains("gov_policy_files") == true)
    }

    @Test("an approval moved to another version in the log: its signature fails at that entry")
    func approvalSwappedInTheLog() throws {
        let world = try GovernanceWorld()
        let v1 = try world.registerVersion(tag: "a")
        let v2 = try world.registerVersion(tag: "b")
        let seq = try world.registry.approve(GovernanceWorld.model, version: v2, for: .staging, by: world.signer("vera"))
        let payload = try world.registry.ledger.entry(at: seq).payloadText
        let moved = payload.replacingOccurrences(of: "\"version\":\(v2)", with: "\"version\":\(v1)")
        #expect(moved != payload)
        try Self.tamper(world, "UPDATE entries SET payload = ? WHERE seq = ?", [Data(moved.utf8), Int64(seq)])
        let problems = try Self.verify(world)
        #expect(problems.first?.kind == .badSignature)
        #expect(problems.first?.sequence == seq)
    }

    @Test("an approval moved to another version in the projection only: the replay check names the table")
    func approvalSwappedInTheProjection() throws {
        let world = try GovernanceWorld()
        let v1 = try world.registerVersion(tag: "a")
        let v2 = try world.registerVersion(tag: "b")
        let seq = try world.registry.approve(GovernanceWorld.model, version: v2, for: .staging, by: world.signer("vera"))
        try Self.tamper(world, "UPDATE gov_reviews SET version = ? WHERE seq = ?", [v1, Int64(seq)])
        let problems = try Self.verify(world)
        #expect(problems.first?.kind == .projectionMismatch)
        #expect(problems.first?.detail.contains("gov_reviews") == true)
    }
}
