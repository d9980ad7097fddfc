import Foundation
import Testing

@testable import AttestReports

/// The print layout's joined runs (`PrintRuns`): routine entries in a row print as one row with
/// their range and count; highlighted entries and failed checks always keep their own rows; the
/// screen layout keeps every row.
@Suite struct PrintRunsTests {
    /// The scenario's report with `notes` routine entries by dana after its own, the one at
    /// `refusalAt` highlighted (same type and signer as the others, so only its highlight keeps
    /// it out of a run), and one check per note (the one at `badCheckAt` failing).
    static func report(notes: Int, refusalAt: Int, badCheckAt: Int) throws -> AuditReport {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        var report = try scenario.report()
        let base = (report.timeline.map(\.entry).max() ?? 0) + 1
        for index in 0..<notes {
            let entry = base + UInt64(index)
            let refused = index == refusalAt
            report.timeline.append(
                TimelineItem(
                    entry: entry, time: "2030-01-01T00:00:\(String(format: "%02d", index))Z", actor: "dana", roles: ["data-scientist"],
                    type: "bench.note", version: 1, summary: "observation \(index)",
                    highlight: refused ? "refusal" : nil))
            report.integrity.entries.append(
                EntryCheck(
                    entry: entry, type: "bench.note", leafHash: String(format: "%064x", index), signer: "dana",
                    signatureValid: index != badCheckAt, inclusionValid: true, proofLength: 5))
        }
        return report
    }

    @Test func routineRunsPrintAsOneRowAndExceptionsKeepTheirOwn() throws {
        let report = try Self.report(notes: 20, refusalAt: 12, badCheckAt: 16)
        let base = report.timeline[report.timeline.count - 20].entry
        let printed = try ReportRenderer().printable(report)
        // Timeline: notes 0-11 joined, the refusal alone, notes 13-19 joined.
        #expect(printed.contains("<td>\(base)–\(base + 11)</td>"))
        #expect(printed.contains("12 entries of this type by dana"))
        #expect(printed.contains("observation 12"))
        #expect(printed.contains("<td>\(base + 13)–\(base + 19)</td>"))
        #expect(printed.contains("7 entries of this type by dana"))
        #expect(!printed.contains("observation 5"))
        // Integrity: checks 0-15 joined, the failed check 16 alone with its leaf hash, 17-19 (three,
        // too few to join) one row each.
        #expect(printed.contains("16 leaf hashes: in the HTML report and the evidence bundle"))
        #expect(printed.contains(String(format: "%064x", 16)))
        #expect(printed.contains(String(format: "%064x", 17)) && printed.contains(String(format: "%064x", 19)))
        #expect(!printed.contains(String(format: "%064x", 3)))
    }

    @Test func theScreenLayoutKeepsEveryRow() throws {
        let report = try Self.report(notes: 20, refusalAt: 12, badCheckAt: 16)
        let html = try ReportRenderer().render(report, as: .html)
        for index in 0..<20 {
            #expect(html.contains("observation \(index)"), "timeline row \(index)")
            #expect(html.contains(String(format: "%064x", index)), "integrity row \(index)")
        }
        #expect(!html.contains("entries of this type by"))
    }

    @Test func runsShorterThanFiveAreNotJoined() throws {
        let report = try Self.report(notes: 4, refusalAt: 99, badCheckAt: 99)
        let printed = try ReportRenderer().printable(report)
        for index in 0..<4 { #expect(printed.contains("observation \(index)")) }
        #expect(!printed.contains("entries of this type by"))
    }
}
