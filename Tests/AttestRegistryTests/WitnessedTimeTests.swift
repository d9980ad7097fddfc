import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestReports
import AttestWitness
import Foundation
import Testing

/// Witnessed time (engine 3, docs/witnesses.md "Witnessed time"): with a witness list
/// recorded, cooldowns and approval ages are measured on the witnesses' clocks, not the writer's.
@Suite struct WitnessedTimeTests {
    static let model = GovernanceWorld.model

    /// The shipped production gate (`prod-cooldown`: one day in staging) on a ledger whose
    /// writer's clock jumps two days ahead after the version entered staging.
    @Test func aWriterTwoDaysAheadCannotSkipTheOneDayCooldown() async throws {
        let world = try GovernanceWorld()
        let logSigner = world.signer("test.example/gov")
        let panel = try await WitnessPanel(
            count: 2, log: logSigner.verifierKey, clock: WitnessClock(world.clock.now), folder: world.folder)
        defer { panel.stop() }
        try world.registry.setWitnesses(panel.list(quorum: 2), by: world.signer("alice"))
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))

        // The writer's clock runs two days ahead; the witnesses' clocks do not.
        world.clock.advance(2 * 86_400)
        let first = try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        #expect(first.result.isMet)
        let early = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(!early.allowed)
        #expect(early.decision.outcomes.first(where: { $0.ruleID == "prod-cooldown" })?.status == .fail)
        #expect(early.record.engine == "attest-policy/3")
        let basis = try #require(early.record.timeBasis)
        #expect(basis.kind == .witnessed)
        #expect(basis.checkpointSize == first.checkpoint.checkpoint.size)
        #expect(basis.now == ISOTime.seconds(Date(timeIntervalSince1970: Double(panel.clock.now))))
        // The entry keeps the writer's time; the engine's "now" is the witnessed one.
        #expect(early.record.time != basis.now)
        #expect(ISOTime.seconds(early.decision.time) == basis.now)

        // A day and a minute later on the witnesses' clocks, a new cosigned checkpoint: it passes.
        panel.clock.advance(86_400 + 60)
        try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        let later = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(later.allowed, "\(later.reasons)")
        #expect(later.record.timeBasis?.now == ISOTime.seconds(Date(timeIntervalSince1970: Double(panel.clock.now))))

        // Every decision (staging, the denial, the allow) replays from the stored cosignatures.
        let replay = try world.registry.replayDecisions()
        #expect(replay.isValid, "\(replay.mismatches)")
        #expect(replay.decisions == 3)
    }

    /// A quorum not met leaves the newest witnessed time; a cosignature stored later, stamped
    /// after the decision's "now", changes nothing on replay.
    @Test func anUnmetQuorumDecidesOnTheNewestWitnessedTime() async throws {
        let world = try GovernanceWorld()
        let logSigner = world.signer("test.example/gov")
        let panel = try await WitnessPanel(
            count: 2, log: logSigner.verifierKey, clock: WitnessClock(world.clock.now), folder: world.folder)
        defer { panel.stop() }
        try world.registry.setWitnesses(panel.list(quorum: 2), by: world.signer("alice"))
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        let witnessed = try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        panel.clock.advance(2 * 86_400)
        world.clock.advance(2 * 86_400)
        // Only one of the two witnesses answers: the new checkpoint does not meet the quorum.
        let lonely = try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 1, witnesses: [panel.targets[0]])
        #expect(lonely.result.cosigned.count == 1)
        let outcome = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(outcome.record.timeBasis?.checkpointSize == witnessed.checkpoint.checkpoint.size)
        #expect(!outcome.allowed)
        // The second witness cosigns that checkpoint a minute later: it now meets the quorum, but
        // after the decision's "now", so the decision still replays.
        panel.clock.advance(60)
        let late = try await CheckpointCosigner.cosign(
            lonely.checkpoint, ledger: world.registry.ledger, witnesses: panel.targets, quorum: 2)
        #expect(late.result.isMet)
        let replay = try world.registry.replayDecisions()
        #expect(replay.isValid, "\(replay.mismatches)")
    }

    /// Without a witness list nothing changes: the writer's clock decides, and the record says so.
    @Test func withoutWitnessesTheWritersClockDecides() throws {
        let world = try GovernanceWorld()
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        world.clock.advance(2 * 86_400)
        let outcome = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(outcome.allowed, "\(outcome.reasons)")
        #expect(outcome.record.timeBasis == .writer)
        #expect(ISOTime.seconds(outcome.decision.time) == outcome.record.time)
        #expect(try world.registry.replayDecisions().isValid)
    }

    /// The inventory's review dates run on witnessed time: a writer's clock two years ahead
    /// neither makes a fresh production approval overdue nor moves its next review date.
    @Test func reviewDatesRunOnWitnessedTime() async throws {
        let world = try GovernanceWorld()
        let logSigner = world.signer("test.example/gov")
        let panel = try await WitnessPanel(
            count: 2, log: logSigner.verifierKey, clock: WitnessClock(world.clock.now), folder: world.folder)
        defer { panel.stop() }
        try world.registry.setWitnesses(panel.list(quorum: 2), by: world.signer("alice"))
        try world.publishShippedPolicies()
        let version = try world.versionInStaging()
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("vera"))
        try world.registry.approve(Self.model, version: version, for: .production, by: world.signer("rick"))
        // The witnesses see the version in staging and approved, then again two days later.
        try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        panel.clock.advance(2 * 86_400)
        world.clock.advance(2 * 86_400)
        // A new entry, so that there is a new checkpoint for the witnesses to cosign.
        try world.registry.grantRole("validator", to: "rick", by: world.signer("alice"))
        try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        let promoted = try world.registry.promote(Self.model, version: version, to: .production, by: world.signer("pat"))
        #expect(promoted.allowed, "\(promoted.reasons)")
        try await panel.witnessHead(world.registry.ledger, logSigner: logSigner, quorum: 2)
        let timeline = try #require(try world.registry.witnessedTimeline(writerNow: world.clock.now))
        #expect(timeline.now == Date(timeIntervalSince1970: Double(panel.clock.now)))

        // The writer's clock jumps two years ahead; the report is made on it.
        world.clock.advance(2 * 365 * 86_400)
        let inventory = try ReportCollector(registry: world.registry, now: world.clock.now, generator: "test").inventory()
        #expect(inventory.reviewTimes == "witnessed")
        let row = try #require(inventory.models.first?.versions.first { $0.version == version })
        #expect(row.stage == "production")
        #expect(row.review == "none", "a fresh approval on the witnesses' clocks: \(row.reviewDetail ?? "")")
        let due = try #require(row.nextReview.flatMap(ISOTime.parse))
        let lastApproval = timeline.time(of: try #require(try world.registry.reviews(Self.model, version: version).last?.entry))
        #expect(abs(due.timeIntervalSince(lastApproval) - 365 * 86_400) < 1, "next review: the witnessed approval time plus a year")
        #expect(due < world.clock.now, "the writer's clock would have made it overdue")
    }
}
