import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import Hummingbird

/// The downloads the pages link to: a model's audit report (HTML, JSON) and a version's evidence
/// bundle, made as `attest report` and `attest export` make them, for a signed-in reader.
enum PageDownloads {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        PageRoutes.page(router, "/models/:model/report.html", state: state) { _, request in
            let model = try request.text("model")
            let text = try ReportRenderer().render(try report(model, state: state), as: .html)
            return .download(Array(text.utf8), mediaType: ReviewerPages.mediaType, fileName: "\(safe(model))-report.html")
        }
        PageRoutes.page(router, "/models/:model/report.json", state: state) { _, request in
            let model = try request.text("model")
            let text = try ReportRenderer().render(try report(model, state: state), as: .json)
            return .download(Array(text.utf8), mediaType: "application/json", fileName: "\(safe(model))-report.json")
        }
        PageRoutes.page(router, "/models/:model/versions/:version/bundle.tar", state: state) { _, request in
            let model = try request.text("model")
            let version = try request.number("version")
            let exporter = BundleExporter(registry: state.reader)
            let entries = try exporter.selection(model: model, version: version)
            let checkpoint = try covering((entries.last?.sequence ?? 0) + 1, state: state, required: true)!
            let bytes = try exporter.export(model: model, version: version, entries: entries, checkpoint: checkpoint)
            return .download(bytes, mediaType: "application/x-tar", fileName: "\(safe(model))-v\(version).tar")
        }
    }

    /// The audit report of a model, with the checkpoint that covers its entries when there is one.
    private static func report(_ model: String, state: ServerState) throws -> AuditReport {
        let collector = ReportCollector(registry: state.reader, now: state.configuration.clock(), generator: "attest serve")
        let material = try collector.gather(ReportRequest(model: model))
        let checkpoint = try covering(material.requiredTreeSize, state: state, required: false)
        return try collector.report(material, checkpoint: checkpoint, mapping: try ReportTemplates.builtIn.mapping())
    }

    /// The latest stored checkpoint when it covers `size` entries; else a new one when the server
    /// holds the log key; else the latest (a report says what it does not cover) or, when
    /// `required`, an error.
    private static func covering(_ size: UInt64, state: ServerState, required: Bool) throws -> SignedCheckpoint? {
        let latest = try state.reader.ledger.latestCheckpoint()
        if let latest, latest.checkpoint.size >= size { return latest }
        if let logSigner = state.configuration.logSigner { return try state.registry.ledger.checkpoint(signedBy: logSigner) }
        guard !required else {
            throw ServerError(
                .system, "no stored checkpoint covers these entries and this server does not hold the log key (--sign-checkpoints)")
        }
        return latest
    }

    /// A file name part: the model's name with anything but letters, digits, `.`, `_` and `-` replaced.
    private static func safe(_ name: String) -> String {
        String(
            name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_" })
    }
}
