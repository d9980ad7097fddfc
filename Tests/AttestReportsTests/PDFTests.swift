import AttestReports
import Foundation
import Testing

/// `--format pdf`: the HTML's print form printed by headless Chromium, read back with poppler.
@Suite(.serialized) struct PDFTests {
    @Test(
        .enabled(
            if: Browser.chromium && Browser.poppler,
            "chromium or poppler-utils is not installed (Debian: apt-get install -y chromium poppler-utils); the PDF check is skipped"))
    func thePDFHasNumberedPagesTheLedgerFooterAndTheOpenedDetails() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        let report = try scenario.report()
        let pdf = try ReportRenderer().pdf(report, printer: try PDFPrinter.find())
        let folder = try Browser.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.pdf")
        try pdf.write(to: file)
        let info = try Browser.run("/usr/bin/pdfinfo", [file.path])
        let pages = info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
        let count = try #require(pages, "\(info.output)")
        #expect((4...30).contains(count), "\(count) pages")
        #expect(info.output.contains("(A4)"), "A4: \(info.output)")
        let text = try Browser.run("/usr/bin/pdftotext", [file.path, "-"]).output
        let size = try #require(report.integrity.checkpointSize)
        // Every page: its number of the total, the ledger's origin and the checkpoint used.
        for page in 1...count { #expect(text.contains("Page \(page) of \(count)"), "page \(page)") }
        let footer = "Ledger \(ReportScenario.origin) · checkpoint \(size)"
        #expect(text.components(separatedBy: footer).count - 1 == count, "the footer on each of \(count) pages")
        // Collapsed on screen, the decision details are printed (observed values, approvals).
        #expect(text.contains("Approvals required"))
        #expect(text.contains("1. Summary") && text.contains("7. Regulatory mapping"))
        // The full digest is printed, not its shortened form.
        let digest = try #require(report.lineage.first?.artifacts.first?.digest)
        #expect(text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains(digest))
    }

    @Test func aMissingBrowserIsAnIOErrorThatSaysHowToInstallIt() throws {
        let error = #expect(throws: ReportError.self) { try PDFPrinter.find(environment: ["PATH": "/nonexistent"]) }
        #expect(error?.code == .io && error?.message.contains("apt-get install -y chromium") == true)
        let named = #expect(throws: ReportError.self) { try PDFPrinter.find(environment: ["ATTEST_CHROMIUM": "/nonexistent/chrome"]) }
        #expect(named?.message.contains("ATTEST_CHROMIUM=/nonexistent/chrome") == true)
    }

    @Test func ledgerTextCannotEscapeThePrintFooter() throws {
        let scenario = try ReportScenario()
        defer { scenario.remove() }
        var report = try scenario.report()
        report.ledger.origin = "x\\\"; } body { display: none } </style><script>alert(1)</script>"
        let html = try ReportRenderer().printable(report)
        #expect(!html.lowercased().contains("<script"))
        let start = try #require(html.range(of: "@bottom-left { content: \""))
        let end = try #require(html[start.upperBound...].firstIndex(of: "\""))
        let content = html[start.upperBound..<end]
        #expect(content.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "\\") }, "\(content)")
        #expect(content.hasPrefix("Ledger x\\00005C \\000022 \\00003B "))
    }
}
