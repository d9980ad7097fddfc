import AttestLedger
import Foundation
import Mustache

/// The templates and the regulatory mapping a report is rendered with: the copy compiled into
/// the binary, or a folder given explicitly with `--templates` (so a compliance team restyles
/// reports without recompiling), with the compiled-in copy for any file the folder lacks. A
/// `reports/` folder lying next to the ledger is never picked up by itself.
public struct ReportTemplates: Sendable {
    /// The file names a templates folder may hold.
    public static let fileNames = [
        "report.html.mustache", "report.md.mustache", "inventory.html.mustache", "inventory.md.mustache",
        "regulatory-mapping.json",
    ]

    /// Where each file came from: a path, or `built-in`.
    public let sources: [String: String]
    let files: [String: String]
    /// The source and digest, as reports name them.
    public let info: TemplateInfo

    /// The compiled-in copy of `reports/`.
    public static let builtIn = ReportTemplates(
        files: EmbeddedTemplates.files, sources: EmbeddedTemplates.files.mapValues { _ in "built-in" }, folder: nil)

    init(files: [String: String], sources: [String: String], folder: String?) {
        self.files = files
        self.sources = sources
        let list = Self.fileNames.sorted().map { name in
            TemplateFile(
                name: name, source: sources[name] ?? "built-in",
                digest: SHA256.hash(Array((files[name] ?? EmbeddedTemplates.files[name] ?? "").utf8)).description)
        }
        let lines = list.map { "\($0.digest.dropFirst("sha256:".count))  \($0.name)\n" }.joined()
        info = TemplateInfo(source: folder ?? "built-in", digest: SHA256.hash(Array(lines.utf8)).description, files: list)
    }

    /// Loads a templates folder; files it lacks come from the compiled-in copy.
    /// - Parameter directory: the folder (e.g. `reports/`).
    /// - Throws: `ReportError` (`.badTemplate`) when the folder cannot be read or a file is not UTF-8.
    public static func load(directory: URL) throws -> ReportTemplates {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError(.badTemplate, "\(directory.path): no such templates folder")
        }
        var files = EmbeddedTemplates.files
        var sources = files.mapValues { _ in "built-in" }
        for name in fileNames {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw ReportError(.badTemplate, "\(url.path): cannot read the file as UTF-8 text")
            }
            files[name] = text
            sources[name] = url.path
        }
        return ReportTemplates(files: files, sources: sources, folder: directory.path)
    }

    /// A file's text.
    func text(_ name: String) -> String { files[name] ?? EmbeddedTemplates.files[name] ?? "" }

    /// The regulatory mapping.
    /// - Throws: `ReportError` (`.badTemplate`) naming the file.
    public func mapping() throws -> RegulatoryMapping {
        try RegulatoryMapping(json: Data(text("regulatory-mapping.json").utf8), source: sources["regulatory-mapping.json"] ?? "built-in")
    }

    /// A parsed template.
    func template(_ name: String) throws -> MustacheTemplate {
        _ = MarkdownContentType.register
        do {
            return try MustacheTemplate(string: text(name))
        } catch {
            throw ReportError(.badTemplate, "\(sources[name] ?? name): the template does not parse: \(error)")
        }
    }
}
