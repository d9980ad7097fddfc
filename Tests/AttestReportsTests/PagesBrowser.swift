import AttestReports
import Foundation

/// Renders reviewer pages in headless Chromium (Debian `chromium`): the DOM Chromium parsed,
/// its console log (where it reports Content-Security-Policy violations), and a screenshot kept
/// under `.build/pages-screenshots/` as a test artifact.
struct PagesBrowser {
    static let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let artifacts = ReportScenario.packageRoot.appendingPathComponent(".build/pages-screenshots")

    /// What Chromium made of a page.
    struct Rendering {
        let dom: String
        let log: String
        let screenshot: URL

        /// Console lines about the page itself: CSP violations, script errors, failed loads.
        var problems: [String] {
            log.split(separator: "\n").map(String.init).filter {
                $0.contains("Content Security Policy") || $0.contains("Uncaught") || $0.contains("Failed to load resource")
                    || $0.contains("net::ERR_")
            }
        }
    }

    /// The site folder: pages and the stylesheet, linked with `file://` paths.
    let site: URL
    let links: PageLinks

    init() throws {
        site = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data(ReviewerPages.stylesheet.utf8).write(to: site.appendingPathComponent("assets/attest.css"))
        links = PageLinks(
            base: site.absoluteURL.absoluteString.hasSuffix("/")
                ? String(site.absoluteURL.absoluteString.dropLast()) : site.absoluteURL.absoluteString)
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
    }

    /// Writes `html` as `name.html`, dumps its DOM and takes a screenshot named `name.png`.
    func render(_ html: String, name: String) throws -> Rendering {
        let page = site.appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: page)
        let screenshot = Self.artifacts.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: screenshot)
        let (dom, domLog) = try run(["--dump-dom", page.absoluteString])
        let (_, shotLog) = try run(["--window-size=1280,1800", "--screenshot=\(screenshot.path)", page.absoluteString])
        return Rendering(dom: dom, log: domLog + shotLog, screenshot: screenshot)
    }

    private func run(_ arguments: [String]) throws -> (out: String, err: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("attest-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            ["120", Self.executable ?? "chromium"] + [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
            ] + arguments
        let errFile = profile.appendingPathExtension("log")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let err = try FileHandle(forWritingTo: errFile)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let log = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return (String(decoding: output, as: UTF8.self), log)
    }

    func remove() { try? FileManager.default.removeItem(at: site) }
}
