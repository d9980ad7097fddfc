import AttestLedger
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// Replay carries each version's facts forward between its decisions (``ReplayCursor``); these
/// tests prove that gives what rebuilding the facts at every decision gives, and that an entry
/// written between two decisions still changes what the second one is replayed against.
@Suite("Governance: replay carries facts forward")
struct ReplayCursorTests {
    static let model = GovernanceWorld.model

    /// Two versions in staging, 54 production requests in runs of three per version, with the
    /// entries that change facts between the runs: reviews, a withdrawal, an evaluation, a role
    /// revoked from a reviewer, a role granted to the requester, time passing.
    static func manyDecisions() throws -> GovernanceWorld {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let first = try world.versionInStaging(tag: "a")
        let second = try world.versionInStaging(tag: "b")
        let registry = world.registry
        func decide() throws {
            for _ in 0..<3 {
                for version in [first, second] {
                    _ = try registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
                }
            }
        }
        let changes: [() throws -> Void] = [
            { _ = try registry.approve(Self.model, version: first, for: .production, by: world.signer("vera")) },
            { _ = try registry.approve(Self.model, version: second, for: .production, by: world.signer("rick")) },
            { _ = try registry.withdrawReview(Self.model, version: first, for: .production, by: world.signer("vera")) },
            { _ = try world.recordEvaluation(version: second, accuracy: 0.5) },
            { _ = try registry.approve(Self.model, version: first, for: .production, by: world.signer("victor")) },
            { try registry.revokeRole("validator", from: "victor", by: world.signer("alice")) },
            { try registry.grantRole("validator", to: "pat", by: world.signer("alice")) },
            { world.clock.advance(2 * 86_400) },
        ]
        try decide()
        for change in changes {
            try change()
            try decide()
        }
        return world
    }

    @Test("carried forward or rebuilt at every decision, the facts and the set in force are the same")
    func carriedEqualsRebuilt() throws {
        let world = try Self.manyDecisions()
        let report = try world.registry.replayDecisions()
        #expect(report.decisions == 56)
        #expect(report.isValid, "\(report.mismatches)")
        try world.registry.ledger.read { db in
            let carried = ReplayCursor(db: db)
            let rebuilt = ReplayCursor(db: db, carriesForward: false)
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, payload FROM entries WHERE type = ? ORDER BY seq", arguments: [EventType.promotionDecided])
            var compared = 0
            for row in rows {
                let seq: Int64 = row["seq"]
                let recorded = try JSONDecoder().decode(PromotionDecided.self, from: row["payload"] as Data)
                let semantics = try #require(EngineSemantics(name: recorded.engine))
                let time = try #require(ISOTime.parseSeconds(recorded.time))
                let inForce = try carried.publication(before: seq, semantics: semantics)
                let expected = try rebuilt.publication(before: seq, semantics: semantics)
                #expect(inForce?.seq == expected?.seq && inForce?.hash == expected?.hash, "entry \(seq)")
                func facts(_ cursor: ReplayCursor) throws -> FactsBuilder.Built {
                    try cursor.facts(
                        model: recorded.model, version: recorded.version, target: AttestPolicy.Stage(rawValue: recorded.request.toStage),
                        requester: recorded.request.requester, time: time, override: nil, semantics: semantics, asOf: seq)
                }
                let fromCursor = try facts(carried)
                let fromTables = try facts(rebuilt)
                #expect(fromCursor.facts == fromTables.facts, "entry \(seq)")
                #expect(fromCursor.inputs == fromTables.inputs, "entry \(seq)")
                #expect(try Registry.factsDigest(fromCursor.facts) == recorded.factsDigest, "entry \(seq)")
                compared += 1
            }
            #expect(compared == report.decisions)
            // Not a vacuous comparison: most decisions were given carried facts, and the
            // entries between the runs made the cursor rebuild (a miss per version and run).
            #expect(carried.carried >= compared / 2)
            #expect(rebuilt.carried == 0)
        }
    }

    @Test("an approval written between two decisions of a version counts in the second one's replay")
    func reviewBetweenDecisionsIsSeen() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let denied = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(!denied.allowed)
        _ = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        // An insider records the first decision again after the approval, as if it did not count.
        let copy = try world.registry.ledger.append(
            try EntryDraft(type: EventType.promotionDecided, encoding: denied.record), signer: world.signer("pat"))
        let report = try world.registry.replayDecisions()
        #expect(report.decisions == 4)
        #expect(report.mismatches.map(\.entry) == [copy.sequence], "\(report.mismatches)")
    }

    @Test("a forged result between honest decisions of the same version is flagged when the facts are carried")
    func forgedResultAmongCarriedDecisions() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        var forgedEntry: UInt64 = 0
        for index in 0..<6 {
            let outcome = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
            #expect(!outcome.allowed)
            if index == 3 {
                var forged = outcome.record
                forged.result = "allow"
                forged.decision.result = .allow
                forged.decision.reasons = []
                forgedEntry = try world.registry.ledger.append(
                    try EntryDraft(type: EventType.promotionDecided, encoding: forged), signer: world.signer("pat")
                ).sequence
            }
        }
        let report = try world.registry.replayDecisions()
        #expect(report.decisions == 8)
        #expect(report.mismatches.map(\.entry) == [forgedEntry])
    }
}
