import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// The decisions inside a bundle are replayed offline with the bundle's own policy sets and facts.
@Suite(.serialized) struct BundleReplayTests {
    static let replay: DecisionReplay = { entries in
        let report = try Registry.replayDecisions(in: entries)
        let mismatched = Set(report.mismatches.map(\.entry))
        return entries.filter { $0.type == EventType.promotionDecided }.map {
            DecisionReplayResult(entry: $0.sequence, matches: !mismatched.contains($0.sequence), detail: "")
        }
    }

    @Test func everyDecisionInTheBundleReplaysIdentically() throws {
        let exported = try BundleTests.export()
        defer { exported.scenario.remove() }
        let report = BundleVerifier(logKey: exported.logKey, replay: Self.replay).verify(exported.bytes)
        #expect(report.isValid, "\(report.failures)")
        let results = try #require(report.replay)
        #expect(results.count == report.decisions.count && results.count == 3)
        #expect(results.allSatisfy { $0.matches })
    }

    @Test func aDecisionWithoutTheEntriesItCitesDoesNotReplay() throws {
        let exported = try BundleTests.export()
        defer { exported.scenario.remove() }
        let verified = BundleVerifier(logKey: exported.logKey).verify(exported.bytes)
        // Drop the approvals: the recorded decisions counted them, a replay without them cannot.
        let withoutApprovals = verified.entries.filter { !$0.type.hasPrefix("approval.") }
        #expect(withoutApprovals.count < verified.entries.count)
        let report = try Registry.replayDecisions(in: withoutApprovals)
        #expect(report.decisions == 3)
        #expect(!report.mismatches.isEmpty)
    }
}
