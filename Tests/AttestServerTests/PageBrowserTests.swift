import AttestLedger
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import AttestServer

/// The pages in a real browser: headless Chromium opens the sign-in link `attest login` prints,
/// follows the redirect with the session cookie it was given, and renders the models page under
/// the server's Content-Security-Policy header.
@Suite struct PageBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Chromium's DOM of `url` and its log, or (with `screenshot`) a screenshot of it kept as
    /// `.build/pages-screenshots/NAME.png`, a test artifact.
    static func render(_ url: String, screenshot name: String? = nil) throws -> (dom: String, log: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("attest-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/pages-screenshots")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            [
                "120", chromium ?? "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
            ]
            + (name.map { ["--window-size=1280,900", "--screenshot=\(artifacts.appendingPathComponent("\($0).png").standardized.path)"] }
                ?? ["--dump-dom"]) + [url]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        let log = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: dom, as: UTF8.self), String(decoding: log, as: UTF8.self))
    }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (make test installs it)"))
    func chromiumSignsInAndRendersTheModelsPage() async throws {
        let fixture = try ServerFixture()
        try await serving(fixture.configuration()) { client in
            let port = client.port
            let signed = SignedTestClient(client: client)
            var act = ServerFixture.createModel()
            act.purpose = "loans <script>alert(1)</script><img src=x>"
            #expect(try await signed.act(act, as: fixture.dana).status == .ok)
            let granted = try await signed.send(.post, "/v1/page-sessions", as: fixture.victor)
            let grant = try JSONDecoder().decode(PageSessionGrant.self, from: Data(granted.body.readableBytesView))
            let (dom, log) = try await onOwnThread { try Self.render("http://127.0.0.1:\(port)\(grant.link)") }
            #expect(dom.contains("<h1>Models</h1>"), "\(dom.prefix(400))")
            #expect(dom.contains("loans &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x&gt;"))
            #expect(!dom.contains("<script") && !dom.contains("<img"))
            #expect(!log.contains("Content Security Policy"), "\(log)")
            #expect(!log.contains("Failed to load resource"), "\(log)")
            let again = try await signed.send(.post, "/v1/page-sessions", as: fixture.victor)
            let second = try JSONDecoder().decode(PageSessionGrant.self, from: Data(again.body.readableBytesView))
            _ = try await onOwnThread { try Self.render("http://127.0.0.1:\(port)\(second.link)", screenshot: "served-models") }
        }
    }
}
