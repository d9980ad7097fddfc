import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestReports
import Foundation
import Testing

/// The reviewer pages (docs/pages.md): rendered from the report scenario plus hostile text in
/// every free-text place, checked as strings and in headless Chromium under the strict policy.
@Suite(.serialized) struct PagesTests {
    static let script = "<script>alert(1)</script>"
    static let hostile = "<script>alert(\"x\")</script> 'quoted' \"double\" <!-- comment --> </pre><h1>injected</h1> & \u{202E}rtl"

    /// The scenario, then v3 with a hostile group label, a hostile stored document (and file
    /// name), a hostile review comment and override justification, and v4 waiting for review.
    static func world() throws -> ReportScenario {
        let scenario = try ReportScenario(hostile: true)
        let registry = scenario.registry
        let model = ReportScenario.model
        scenario.clock.advance()
        let folder = scenario.folder
        let test = folder.appendingPathComponent("test-c.csv")
        let csv = ReportScenario.evaluationCSV(variant: 1).replacingOccurrences(of: ",F,", with: ",\(script),")
            .replacingOccurrences(of: ",M,", with: ",M'--><b>,")
        try Data(csv.utf8).write(to: test)
        try Data("weights c".utf8).write(to: folder.appendingPathComponent("model-c.bin"))
        try Data("x,y\n1,c\n".utf8).write(to: folder.appendingPathComponent("train-c.csv"))
        let request = VersionRequest(
            artifacts: [folder.appendingPathComponent("model-c.bin")],
            datasets: [("train", folder.appendingPathComponent("train-c.csv")), ("test", test)],
            code: CodeReference(repository: "https://git.example/credit", commit: "9f1c2e7c", dirty: false), parent: 2)
        let v3 = try registry.registerVersion(model, request, by: scenario.signer("dana"))
        scenario.clock.advance()
        let spec = EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["sex"])
        try registry.evaluate(model: model, version: v3, file: test, spec: spec, attestVersion: "test", by: scenario.signer("dana"))
        try scenario.attach(version: v3)
        scenario.clock.advance()
        let document = folder.appendingPathComponent("<img src=x onerror=alert(1)>.md")
        try Data("# card\n\(hostile)\n".utf8).write(to: document)
        try registry.attachEvidence(model, version: v3, kind: "model_card", file: document, store: true, by: scenario.signer("dana"))
        scenario.clock.advance()
        try registry.approve(model, version: v3, for: .staging, comment: hostile, by: scenario.signer("vera"))
        scenario.clock.advance()
        try registry.promote(model, version: v3, to: .staging, by: scenario.signer("pat"))
        for reviewer in ["vera", "victor"] {
            scenario.clock.advance()
            try registry.approve(model, version: v3, for: .production, by: scenario.signer(reviewer))
        }
        scenario.clock.advance()
        try registry.promote(model, version: v3, to: .production, by: scenario.signer("pat"))
        scenario.clock.advance()
        let outcome = try registry.promote(
            model, version: v3, to: .production, override: OverrideRequest(rules: ["prod-cooldown"], justification: hostile),
            by: scenario.signer("rick"))
        guard outcome.allowed else { throw ScenarioError("the override must allow v3: \(outcome.reasons)") }
        try scenario.register(tag: "d", parent: v3)
        scenario.clock.advance()
        _ = try registry.ledger.checkpoint(signedBy: scenario.logSigner)
        return scenario
    }

    static func pages(_ scenario: ReportScenario, links: PageLinks = PageLinks()) -> ReviewerPages {
        ReviewerPages(registry: scenario.registry, links: links, clock: { [clock = scenario.clock] in clock.now })
    }

    @Test func everyPageIsEscapedAndNeedsNoInlineScriptOrStyle() throws {
        let scenario = try Self.world()
        defer { scenario.remove() }
        let pages = Self.pages(scenario)
        let all = [
            try pages.models(), try pages.version(model: ReportScenario.model, version: 3),
            try pages.version(model: ReportScenario.model, version: 1),
            try pages.waiting(reviewer: "vera"), try pages.log(from: 0),
        ]
        for html in all {
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("style=") && !html.lowercased().contains("<style"))
            #expect(!html.contains("<img") && !html.contains("<h1>injected") && !html.contains("<!-- comment"))
            #expect(!html.contains("\u{202E}"))
            #expect(
                html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;self&#39;")
            )
        }
        let version = all[1]
        #expect(version.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the group label is shown as text")
        #expect(version.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;quoted&#39;"), "justification, comment, document")
        #expect(version.contains("⟨U+202E⟩rtl"))
        #expect(version.contains("&lt;img src=x onerror=alert(1)&gt;.md"), "the document's file name")
        #expect(version.components(separatedBy: "<table class=\"rules\">").count - 1 >= 2, "both v3 production decisions, rule by rule")
        #expect(version.contains("<svg role=\"img\" aria-label=\"Lineage graph\""))
        #expect(version.contains("aria-label=\"selection_rate by group\""))
        #expect(version.contains("href=\"/models/credit-risk/versions/3/bundle.tar\""))
        #expect(all[0].contains("href=\"/models/credit-risk/versions/4\"") && all[0].contains("href=\"/reviewers/vera/waiting\""))
        #expect(all[4].contains("c2sp.org/tlog-proof@v1\nindex 0\n"))
        #expect(ReviewerPages.stylesheet.contains(".stage-production"))
    }

    @Test func waitingListsWhatAReviewerMayStillSignOff() throws {
        let scenario = try Self.world()
        defer { scenario.remove() }
        let pages = Self.pages(scenario)
        let before = try pages.waiting(reviewer: "vera")
        #expect(before.contains(">credit-risk v4</a>") && before.contains("staging"))
        #expect(!before.contains(">credit-risk v3</a>") && !before.contains(">credit-risk v1</a>"))
        #expect(!(try pages.waiting(reviewer: "dana")).contains(">credit-risk v4</a>"), "the registrant never reviews their own work")
        #expect(!(try pages.waiting(reviewer: "polly")).contains(">credit-risk v4</a>"), "a policy-admin does not review versions")
        scenario.clock.advance()
        try scenario.registry.approve(ReportScenario.model, version: 4, for: .staging, by: scenario.signer("vera"))
        #expect(!(try pages.waiting(reviewer: "vera")).contains(">credit-risk v4</a>"), "signed off: no longer waiting")
        #expect((try pages.waiting(reviewer: "victor")).contains(">credit-risk v4</a>"))
        #expect(throws: ReportError.self) { try pages.waiting(reviewer: "nobody") }
        #expect(throws: ReportError.self) { try pages.log(from: 100_000) }
        #expect(throws: RegistryError.self) { try pages.version(model: ReportScenario.model, version: 99) }
    }

    @Test func linksEncodeEveryName() {
        let links = PageLinks(base: "/ui")
        #expect(links.version("a b/../c", 2) == "/ui/models/a%20b%2F..%2Fc/versions/2")
        #expect(links.admission("m", 1, environment: "prod&x=1") == "/ui/v1/admission?model=m&version=1&environment=prod%26x%3D1")
        #expect(links.entry(250, pageSize: 100) == "/ui/log?from=200#entry-250")
    }

    @Test(.enabled(if: PagesBrowser.executable != nil, "chromium is not installed (Debian: apt-get install -y chromium)"))
    func everyPageRendersInChromiumUnderTheStrictPolicy() throws {
        let scenario = try Self.world()
        defer { scenario.remove() }
        let browser = try PagesBrowser()
        defer { browser.remove() }
        let pages = Self.pages(scenario, links: browser.links)
        let rendered: [(String, String, [String])] = [
            ("models", try pages.models(), ["<table class=\"versions\">", ">v4</a>"]),
            (
                "version-3", try pages.version(model: ReportScenario.model, version: 3),
                ["<table class=\"rules\">", "<pre class=\"document\">"]
            ),
            (
                "version-2", try pages.version(model: ReportScenario.model, version: 2),
                ["allow_with_override", "<table class=\"reviews\">"]
            ),
            ("waiting-vera", try pages.waiting(reviewer: "vera"), ["<table class=\"waiting\">", ">credit-risk v4</a>"]),
            ("log", try pages.log(from: 0), ["id=\"entry-0\"", "<pre class=\"proof\">"]),
        ]
        for (name, html, markers) in rendered {
            let page = try browser.render(html, name: name)
            #expect(page.problems == [], "\(name): \(page.problems)")
            #expect(!page.dom.isEmpty && !page.dom.lowercased().contains("<script"), "\(name)")
            for marker in markers { #expect(page.dom.contains(marker), "\(name): \(marker)") }
            let png = try Data(contentsOf: page.screenshot)
            #expect(png.count > 1000 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name)")
        }
    }

    /// The hostile text reaches the browser as text: the parsed DOM holds no element it names.
    @Test(.enabled(if: PagesBrowser.executable != nil, "chromium is not installed (Debian: apt-get install -y chromium)"))
    func hostileNamesStayTextInTheBrowser() throws {
        let scenario = try Self.world()
        defer { scenario.remove() }
        let browser = try PagesBrowser()
        defer { browser.remove() }
        let html = try Self.pages(scenario, links: browser.links).version(model: ReportScenario.model, version: 3)
        let page = try browser.render(html, name: "hostile-version-3")
        #expect(page.problems == [], "\(page.problems)")
        let dom = page.dom
        #expect(!dom.lowercased().contains("<script") && !dom.contains("<img") && !dom.contains("<b>"))
        #expect(dom.components(separatedBy: "<h1").count - 1 == 1, "one heading: the injected one is text")
        #expect(!dom.contains("<!-- comment"), "no comment was opened")
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(dom.contains("&lt;/pre&gt;&lt;h1&gt;injected&lt;/h1&gt;"))
        #expect(dom.contains("&lt;img src=x onerror=alert(1)&gt;.md"))
        #expect(dom.contains("M'--&gt;&lt;b&gt;"))
    }
}
