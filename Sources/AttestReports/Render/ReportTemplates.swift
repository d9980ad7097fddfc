import Foundation
import Mustache

/// The templates and the regulatory mapping a report is rendered with: read at run time from a
/// `reports/` folder (so a compliance team restyles reports without recompiling), with a copy
/// compiled into the binary for any file the folder lacks.
public struct ReportTemplates: Sendable {
    /// The file names a templates folder may hold.
    public static let fileNames = [
        "report.html.mustache", "report.md.mustache", "inventory.html.mustache", "inventory.md.mustache",
        "regulatory-mapping.json",
    ]

    /// Where each file came from: a path, or `built-in`.
    public let sources: [String: String]
    let files: [String: String]

    /// The compiled-in copy of `reports/`.
    public static let builtIn = ReportTemplates(
        files: EmbeddedTemplates.files, sources: EmbeddedTemplates.files.mapValues { _ in "built-in" })

    init(files: [String: String], sources: [String: String]) {
        self.files = files
        self.sources = sources
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
        return ReportTemplates(files: files, sources: sources)
    }

    /// The first `reports/` folder holding a report template among `candidates` (for example the
    /// ledger's folder and the working directory).
    public static func locate(in candidates: [URL]) -> URL? {
        for folder in candidates {
            let reports = folder.appendingPathComponent("reports")
            if fileNames.contains(where: { FileManager.default.fileExists(atPath: reports.appendingPathComponent($0).path) }) {
                return reports
            }
        }
        return nil
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
