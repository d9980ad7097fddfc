import AttestRegistry
import AttestReports
import Foundation
import Testing

/// Evidence documents in Markdown, rendered as sanitized HTML: hostile Markdown is neutralised.
@Suite(.serialized) struct MarkdownEvidenceTests {
    static let hostile = """
        # Model card <script>alert("card")</script>

        Intended use: credit scoring. <img src=x onerror="alert(1)"> <iframe src="https://evil.example/"></iframe>

        <div onmouseover="alert(2)">raw block</div>

        [click me](javascript:alert(3)) · [data](data:text/html;base64,PHNjcmlwdD4=) · [quote](https://ok.example/" onclick="alert(4))
        [safe](https://bank.example/validation) · [ref link][r]

        ![tracker](https://evil.example/pixel.png) ![local](card.png)

        [r]: javascript:alert(5)

        ```html
        <script>inside code</script>
        ```
        """

    @Test func hostileMarkdownIsNeutralisedAndTheRestIsKept() {
        let html = MarkdownEvidence.html(Self.hostile)
        let lower = html.lowercased()
        for banned in ["<script", "<img", "<iframe", "<div", "href=\"javascript", "href=\"data"] {
            #expect(!lower.contains(banned), "\(banned) in \(html)")
        }
        #expect(lower.range(of: "<[^>]*\\son[a-z]+=", options: .regularExpression) == nil, "an event attribute in \(html)")
        #expect(html.contains("<h1>Model card &lt;script"), "\(html)")
        #expect(html.contains("<a href=\"https://bank.example/validation\" rel=\"noopener noreferrer\">safe</a>"))
        #expect(html.contains("(link removed: javascript:alert(3))"))
        #expect(html.contains("[image not loaded: ![tracker](https://evil.example/pixel.png)]"))
        #expect(html.contains("&lt;script&gt;inside code&lt;/script&gt;") || html.contains("&lt;script>inside code&lt;/script>"))
        // A plain document keeps its structure.
        let plain = MarkdownEvidence.html("## Data\n\n- train: 2024\n- test: 2025\n\n**Approved** by *validation*.")
        #expect(plain.contains("<h2>Data</h2>") && plain.contains("<li>train: 2024</li>") && plain.contains("<strong>Approved</strong>"))
    }

    @Test(.enabled(if: Browser.chromium, "chromium is not installed (Debian: apt-get install -y chromium); the browser check is skipped"))
    func aHostileModelCardRunsNothingAndLoadsNothingInChromium() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let card = scenario.folder.appendingPathComponent("hostile-card.md")
        try Data(Self.hostile.utf8).write(to: card)
        scenario.clock.advance()
        try scenario.registry.attachEvidence(
            ReportScenario.model, version: 2, kind: "model_card", file: card, store: true, by: scenario.signer("dana"))
        let report = try scenario.report()
        #expect(report.evidence.contains { $0.format == "markdown" && $0.text == Self.hostile })
        let folder = try Browser.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(try ReportRenderer().printable(report).utf8).write(to: page)
        let dom = try Browser.run(
            "/usr/bin/chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.path)/profile", "--dump-dom", page.absoluteString])
        #expect(dom.status == 0)
        let lower = dom.output.lowercased()
        #expect(lower.contains("intended use: credit scoring."), "the card is rendered")
        for banned in ["<script", "<img", "<iframe", "href=\"javascript", "href=\"data:"] {
            #expect(!lower.contains(banned), "\(banned) in the parsed page")
        }
        #expect(lower.range(of: "<[^>]*\\son[a-z]+=", options: .regularExpression) == nil, "an event attribute in the parsed page")
        #expect(lower.contains("[image not loaded: ![tracker](https://evil.example/pixel.png)]"))
    }
}
