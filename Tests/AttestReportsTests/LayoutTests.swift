import AttestReports
import Foundation
import Testing

/// The HTML report's layout as a reader sees it in Chromium: a one-screen summary, a table of
/// contents, full-width tables, short digests that copy in full, collapsed decision details.
@Suite(.serialized) struct LayoutTests {
    @Test func theReportHasContentsShortDigestsAndCollapsedDecisionDetails() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let html = try ReportRenderer().render(report, as: .html)
        for anchor in ["summary", "lineage", "timeline", "evaluations", "decisions", "integrity", "regulatory"] {
            #expect(html.contains("<a href=\"#\(anchor)\">") && html.contains("<section id=\"\(anchor)\">"), "\(anchor)")
        }
        // Every decision: a rule-by-rule line first, then its details collapsed (closed on screen).
        let decisions = html.components(separatedBy: "<div class=\"box\" id=\"decision-").dropFirst()
        #expect(decisions.count == report.decisions.count)
        for (text, decision) in zip(decisions, report.decisions) {
            let rules = try #require(text.range(of: "aria-label=\"Rule outcomes\""))
            let details = try #require(text.range(of: "<details><summary>"))
            #expect(rules.upperBound < details.lowerBound, "entry \(decision.entry): the rule summary comes before the details")
            for rule in decision.rules { #expect(text.contains("<span class=\"mono\">\(rule.ruleID)</span>")) }
        }
        // A digest is shortened on screen but its element holds the full value (select-all copies it).
        let digest = try #require(report.lineage.first?.artifacts.first?.digest)
        #expect(html.contains("<span class=\"digest\" title=\"\(digest)\">\(digest)</span>"))
        #expect(html.contains(".digest {") && html.contains("user-select: all") && html.contains("text-overflow: ellipsis"))
        // The print form opens every details element.
        let printable = try ReportRenderer().printable(report)
        #expect(!printable.contains("<details>") && printable.contains("<details open>"))
    }

    @Test(.enabled(if: Browser.chromium, "chromium is not installed (Debian: apt-get install -y chromium); the layout check is skipped"))
    func theSummaryFitsOneScreenOf1400By1000() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let folder = try Browser.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(try ReportRenderer().render(try scenario.report(), as: .html).utf8).write(to: page)
        let boxes = try Browser.measure(page, width: 1400, height: 1000, ids: ["overview", "summary", "timeline"])
        let overview = try #require(boxes["overview"], "\(boxes)")
        let whole = try #require(boxes["page"])
        #expect(overview.bottom <= 1000, "the summary ends at \(overview.bottom) px, below the first 1000 px screen")
        #expect(overview.width >= 1300, "the summary uses the width (\(overview.width) px of 1400)")
        #expect(whole.width <= 1400, "nothing overflows sideways (\(whole.width) px)")
        if let keep = ProcessInfo.processInfo.environment["ATTEST_KEEP_SCREENSHOTS"] {
            print("layout: page height \(whole.bottom) px at 1400 px wide; summary \(overview.top)-\(overview.bottom) px")
            _ = try Browser.run(
                "/usr/bin/chromium",
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1000",
                    "--screenshot=\(keep)/summary-1400x1000.png", page.absoluteString,
                ])
        }
    }
}
