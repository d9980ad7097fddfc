import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// `attest report --at N` / `--as-of TIME`: the report of the ledger as it stood then, the same
/// bytes however the ledger grows afterwards, and equal to the report made back then.
@Suite(.serialized) struct PastReportTests {
    static func render(_ scenario: ReportScenario, at entry: UInt64, scoped: Bool = true) throws -> [String] {
        let snapshot = try LedgerSnapshot.make(at: entry, of: scenario.registry.ledger)
        let collector = ReportCollector(registry: snapshot.registry, now: snapshot.entryTime, generator: "attest test")
        let material = try collector.gather(ReportRequest(model: ReportScenario.model, asOfEntry: scoped ? entry : nil))
        let checkpoint = try snapshot.registry.ledger.checkpoint(signedBy: scenario.logSigner)
        let report = try collector.report(material, checkpoint: checkpoint, mapping: try ReportTemplates.builtIn.mapping())
        #expect(report.ledger.size == entry + 1)
        #expect(report.timeline.allSatisfy { $0.entry <= entry })
        #expect(report.integrity.verified, "\(report.integrity.problems)")
        let renderer = ReportRenderer()
        return try [ReportFormat.html, .markdown, .json].map { try renderer.render(report, as: $0) }
    }

    @Test func aReportAtAnEntryKeepsItsBytesWhileTheLedgerGrows() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let entry = try scenario.registry.ledger.size() - 6
        let before = try Self.render(scenario, at: entry)
        #expect(before[1].contains("as the ledger stood at entry \(entry)"))
        try scenario.recordEvaluation(version: 2)
        try scenario.attach(version: 2)
        try scenario.attach(version: 2)
        _ = try scenario.registry.ledger.checkpoint(signedBy: scenario.logSigner)
        let after = try Self.render(scenario, at: entry)
        for (index, (old, new)) in zip(before, after).enumerated() { #expect(old == new, "format \(index) changed") }
        // The present report does see the later entries.
        let now = try scenario.report()
        #expect(now.timeline.contains { $0.entry > entry })
    }

    @Test func thePastReportEqualsTheReportMadeBackThen() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let ledger = scenario.registry.ledger
        let last = try ledger.size() - 1
        let time = Date(timeIntervalSince1970: Double(try ledger.entry(at: last).timeMicros) / 1_000_000)
        let collector = ReportCollector(registry: scenario.registry, now: time, generator: "attest test")
        let material = try collector.gather(ReportRequest(model: ReportScenario.model))
        let report = try collector.report(
            material, checkpoint: try ledger.checkpoint(signedBy: scenario.logSigner), mapping: try ReportTemplates.builtIn.mapping())
        let renderer = ReportRenderer()
        let then = try [ReportFormat.html, .markdown, .json].map { try renderer.render(report, as: $0) }
        try scenario.recordEvaluation(version: 2)
        try scenario.attach(version: 2)
        let past = try Self.render(scenario, at: last, scoped: false)
        for (index, (old, new)) in zip(then, past).enumerated() { #expect(old == new, "format \(index) differs from the report made then") }
    }

    @Test func asOfFindsTheLastEntryByThenAndRefusesTimesOutsideTheLog() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let ledger = scenario.registry.ledger
        let entry: UInt64 = 12
        let time = Date(timeIntervalSince1970: Double(try ledger.entry(at: entry).timeMicros) / 1_000_000)
        #expect(try LedgerSnapshot.lastEntry(atOrBefore: time, in: ledger) >= entry)
        #expect(try LedgerSnapshot.lastEntry(atOrBefore: time.addingTimeInterval(-0.000_001), in: ledger) < entry)
        #expect(throws: ReportError.self) { try LedgerSnapshot.lastEntry(atOrBefore: Date(timeIntervalSince1970: 0), in: ledger) }
        #expect(throws: ReportError.self) { try LedgerSnapshot.make(at: try ledger.size(), of: ledger) }
        let snapshot = try LedgerSnapshot.make(at: entry, of: ledger)
        #expect(try snapshot.registry.ledger.size() == entry + 1)
        #expect(try snapshot.registry.ledger.root(size: entry + 1) == (try ledger.root(size: entry + 1)))
        let path = snapshot.path
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
