import AttestLedger
import AttestRegistry
import Foundation

/// The pages a team's reviewers read (docs/pages.md): models and versions, one version in full,
/// "waiting for my sign-off", and the log with its proofs. Each is a pure function of the
/// registry and the request's parameters, returning a complete HTML document that needs no
/// JavaScript and loads nothing but ``stylesheet`` from ``PageLinks/stylesheet``, so it renders
/// under ``contentSecurityPolicy``. Every value from the ledger is escaped.
public struct ReviewerPages: Sendable {
    /// The Content-Security-Policy the pages are written for; a server sends it with each page,
    /// and each page also carries it in a `<meta http-equiv>` element.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:"
    /// The stylesheet, served at ``PageLinks/stylesheet`` as `text/css`.
    public static var stylesheet: String { PageStyle.css }
    /// The media type of the pages.
    public static let mediaType = "text/html; charset=utf-8"

    /// The registry the pages read.
    public let registry: Registry
    /// Where the pages link.
    public let links: PageLinks
    /// The clock ("generated at", ages).
    public let clock: @Sendable () -> Date
    /// Entries per log page.
    public let logPageSize: UInt64

    /// Makes the pages.
    public init(
        registry: Registry, links: PageLinks = PageLinks(), logPageSize: UInt64 = 100, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.links = links
        self.logPageSize = max(1, logPageSize)
        self.clock = clock
    }

    /// The models page: every model with its versions, stages, deployments and aliases, and the
    /// reviewers with links to what waits for them.
    /// - Throws: `LedgerError` (`.inconsistentDatabase`) when a projection disagrees with the log.
    public func models() throws -> String {
        var body = PageHTML.el("h1", "Models")
        let summaries = try registry.models()
        if summaries.isEmpty { body += "<p class=\"muted\">No model is registered.</p>" }
        for summary in summaries {
            let info = try registry.model(summary.name)
            body += "<section id=\"model-\(PageHTML.text(PageLinks.component(summary.name)))\">"
            body += PageHTML.el("h2", summary.name)
            body +=
                "<p>" + PageHTML.text("owner \(summary.owner) · risk tier \(summary.riskTier) · ") + PageHTML.text(summary.purpose) + "</p>"
            let rows = info.versions.map { version -> [String] in
                [
                    PageHTML.link(links.version(summary.name, version.version), "v\(version.version)"), PageHTML.status(version.stage),
                    PageHTML.text(version.status),
                    PageHTML.text(
                        version.deployments.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.percent($0.value))" }.joined(separator: ", ")
                    ),
                    PageHTML.text(version.aliases.joined(separator: ", ")), PageHTML.text(version.registrant),
                    PageHTML.text(version.registered),
                ]
            }
            body += PageHTML.table(
                ["Version", "Stage", "Status", "Deployments", "Aliases", "Registered by", "Registered"], rows, class: "versions")
            body +=
                "<p class=\"downloads\">" + PageHTML.link(links.report(summary.name), "Audit report (HTML)")
                + PageHTML.link(links.reportJSON(summary.name), "Audit report (JSON)") + "</p></section>\n"
        }
        let reviewers = try registry.actors().filter { $0.active && !Set($0.roles).isDisjoint(with: Registry.reviewers) }
        body += PageHTML.el("h2", "Reviewers")
        body += PageHTML.raw(
            "ul", reviewers.map { "<li>" + PageHTML.link(links.waiting($0.name), "Waiting for \($0.name)'s sign-off") + "</li>" }.joined(),
            class: "reviewers")
        return page(title: "Models", body: body)
    }

    // MARK: The frame

    /// A complete document around `body` (already HTML).
    func page(title: String, body: String) -> String {
        let origin = registry.ledger.origin
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(PageHTML.text(Self.contentSecurityPolicy))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(PageHTML.text(title)) · \(PageHTML.text(origin))</title>
            <link rel="stylesheet" href="\(PageHTML.text(links.stylesheet))">
            </head>
            <body>
            <header class="site"><a class="brand" href="\(PageHTML.text(links.models))">Attest</a><span class="origin">\(PageHTML.text(origin))</span>\
            \(PageHTML.link(links.models, "Models"))\(PageHTML.link(links.log(from: 0), "Log"))</header>
            <main>
            \(body)
            <p class="muted generated">Generated \(PageHTML.text(AdmissionStatement.timeText(clock()))) from \(PageHTML.text(origin)).</p>
            </main>
            </body>
            </html>

            """
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
