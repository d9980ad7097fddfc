import Foundation

/// Prints an HTML report to PDF with headless Chromium (`--print-to-pdf`). The report holds no
/// script (the browser tests check its parsed DOM); Chromium's `scriptEnabled=false` setting is
/// not used because it stops `--print-to-pdf` from writing anything.
/// The page size, margins, page numbers and the footer come from the template's print
/// stylesheet (`@page` and its margin boxes), so Chromium's own header and footer are off.
public struct PDFPrinter: Sendable {
    /// The browser executable.
    public let browser: String
    /// Seconds Chromium may take before the print is abandoned.
    public var timeout: TimeInterval = 120

    /// Uses the given browser executable.
    public init(browser: String) { self.browser = browser }

    /// The browser named by `ATTEST_CHROMIUM`, else the first of `chromium`, `chromium-browser`,
    /// `google-chrome` on `PATH`.
    /// - Throws: `ReportError` (`.io`) when none is installed, saying how to install it.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PDFPrinter {
        if let named = environment["ATTEST_CHROMIUM"], !named.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: named) else {
                throw ReportError(.io, "ATTEST_CHROMIUM=\(named) is not an executable file")
            }
            return PDFPrinter(browser: named)
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return PDFPrinter(browser: folder + "/" + name)
            }
        }
        throw ReportError(
            .io,
            "--format pdf needs headless Chromium and none was found on PATH (Debian: apt-get install -y chromium; or set ATTEST_CHROMIUM to its path)"
        )
    }

    /// Prints `html` to PDF.
    /// - Parameter html: a self-contained page (the report's print form, `ReportRenderer.printable`).
    /// - Returns: the PDF's bytes.
    /// - Throws: `ReportError` (`.io`) when Chromium fails, times out or writes no PDF.
    public func pdf(html: String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: folder.appendingPathComponent("report.html"))
        } catch {
            throw ReportError(.io, "\(folder.path): cannot write the page to print: \(error)")
        }
        let output = folder.appendingPathComponent("report.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--no-pdf-header-footer", "--print-to-pdf=\(output.path)",
            folder.appendingPathComponent("report.html").absoluteString,
        ]
        let log = folder.appendingPathComponent("chromium.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try? FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw ReportError(.io, "\(browser): cannot start: \(error)") }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw ReportError(.io, "\(browser): printing to PDF took longer than \(Int(timeout)) s; abandoned")
        }
        try? handle?.close()
        guard process.terminationStatus == 0, let bytes = try? Data(contentsOf: output), bytes.starts(with: Array("%PDF".utf8)) else {
            let said = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            throw ReportError(.io, "\(browser) exited with \(process.terminationStatus) and wrote no PDF: \(said)")
        }
        return bytes
    }
}
