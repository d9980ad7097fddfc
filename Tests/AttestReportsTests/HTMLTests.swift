import AttestReports
import Foundation
import Testing

/// The HTML form: self-contained, escaped, and rendered by a real browser.
@Suite(.serialized) struct HTMLTests {
    static let script = ReportScenario.packageRoot.appendingPathComponent("scripts/browser/render_check.sh")
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func hostileTextIsShownAsTextAndThePageIsSelfContained() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let html = try ReportRenderer().render(try scenario.report(), as: .html)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("⟨U+202E⟩evil⟨U+202C⟩"))
        #expect(!html.contains("\u{202E}"))
        // The only url() is the SVG arrow marker inside the page; nothing is loaded from outside.
        #expect(html.components(separatedBy: "url(").count - 1 == html.components(separatedBy: "url(#arrow)").count - 1)
        #expect(!html.contains("@import"), "no stylesheet loads anything")
        #expect(!html.contains("<link") && !html.contains("src="))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<svg role=\"img\" aria-label=\"Lineage graph\""))
        #expect(html.contains("— test.example/reports "))
        // Markdown: the same text escaped for Markdown, the pipe cannot break the table.
        let markdown = try ReportRenderer().render(try scenario.report(), as: .markdown)
        #expect(markdown.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quotes' \\| pipes⏎ second line"))
    }

    @Test(.enabled(if: chromium, "chromium is not installed (Debian: apt-get install -y chromium); the browser check is skipped"))
    func theReportRendersInHeadlessChromium() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let renderer = ReportRenderer()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attest-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        for (name, html) in [
            ("report", try renderer.render(try scenario.report(), as: .html)),
            (
                "inventory",
                try renderer.render(
                    try ReportCollector(registry: scenario.registry, now: scenario.now, generator: "attest test").inventory(), as: .html)
            ),
        ] {
            let page = output.appendingPathComponent("\(name).html")
            try Data(html.utf8).write(to: page)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [Self.script.path, page.path, output.appendingPathComponent("\(name).png").path]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = pipe
            try process.run()
            let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(name): \(log)")
        }
        if let keep = ProcessInfo.processInfo.environment["ATTEST_KEEP_SCREENSHOTS"] {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: scenario.path + suffix) {
                let ledgerCopy = URL(fileURLWithPath: keep).appendingPathComponent("scenario.ledger" + suffix)
                try? FileManager.default.removeItem(at: ledgerCopy)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: scenario.path + suffix), to: ledgerCopy)
            }
            for name in ["report.png", "report.pdf", "inventory.png"] {
                let target = URL(fileURLWithPath: keep).appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: output.appendingPathComponent(name), to: target)
            }
        }
        try? FileManager.default.removeItem(at: output)
    }
}
