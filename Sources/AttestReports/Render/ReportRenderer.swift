import Foundation
import Mustache

/// The output formats of `attest report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One self-contained HTML file.
    case html
    /// Markdown (GitHub-flavoured, with a Mermaid lineage graph).
    case markdown
    /// The complete data model as JSON (docs/report-schema.md).
    case json
}

/// Renders reports and inventories with a set of templates.
public struct ReportRenderer: Sendable {
    /// The templates used.
    public let templates: ReportTemplates

    /// Makes a renderer.
    public init(templates: ReportTemplates = .builtIn) { self.templates = templates }

    /// Renders a report, naming the templates used in it (``AuditReport/templates``).
    /// - Throws: `ReportError` (`.badTemplate`) when a template does not parse.
    public func render(_ report: AuditReport, as format: ReportFormat) throws -> String {
        var report = report
        report.templates = templates.info
        switch format {
        case .json: return try Self.json(report)
        case .html: return try templates.template("report.html.mustache").render(try ReportView.context(report, markdown: false))
        case .markdown: return try templates.template("report.md.mustache").render(try ReportView.context(report, markdown: true))
        }
    }

    /// Renders the HTML form for printing: the same template with `printing` set, so collapsed
    /// details are open and digests are shown in full.
    /// - Throws: `ReportError` (`.badTemplate`) when a template does not parse.
    public func printable(_ report: AuditReport) throws -> String {
        var report = report
        report.templates = templates.info
        return try templates.template("report.html.mustache").render(try ReportView.context(report, markdown: false, printing: true))
    }

    /// Renders the report as PDF: its print form (``printable(_:)``) printed by headless Chromium.
    /// - Parameters:
    ///   - report: the report.
    ///   - printer: the browser to print with.
    /// - Returns: the PDF's bytes.
    /// - Throws: `ReportError` (`.badTemplate` for a template, `.io` when Chromium fails).
    public func pdf(_ report: AuditReport, printer: PDFPrinter) throws -> Data {
        try printer.pdf(html: try printable(report))
    }

    /// Renders the inventory as PDF (its HTML form printed by headless Chromium).
    /// - Throws: `ReportError` (`.badTemplate` for a template, `.io` when Chromium fails).
    public func pdf(_ inventory: Inventory, printer: PDFPrinter) throws -> Data {
        try printer.pdf(html: try render(inventory, as: .html))
    }

    /// Renders an inventory.
    /// - Throws: `ReportError` (`.badTemplate`) when a template does not parse.
    public func render(_ inventory: Inventory, as format: ReportFormat) throws -> String {
        var inventory = inventory
        inventory.templates = templates.info
        switch format {
        case .json: return try Self.json(inventory)
        case .html: return try templates.template("inventory.html.mustache").render(try ReportView.context(inventory))
        case .markdown: return try templates.template("inventory.md.mustache").render(try ReportView.context(inventory))
        }
    }

    /// Pretty, key-sorted JSON with a final newline: the JSON form.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
