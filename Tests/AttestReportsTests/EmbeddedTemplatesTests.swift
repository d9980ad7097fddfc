import AttestLedger
import Foundation
import Testing

@testable import AttestReports

/// The copy of reports/ compiled into the binary must equal the folder. Regenerate with
/// `ATTEST_UPDATE_EMBEDDED=1 swift test --filter EmbeddedTemplatesTests`, then rebuild.
@Test func theCompiledInTemplatesEqualTheReportsFolder() throws {
    let folder = ReportScenario.packageRoot.appendingPathComponent("reports")
    var files: [String: String] = [:]
    for name in ReportTemplates.fileNames {
        files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
    if ProcessInfo.processInfo.environment["ATTEST_UPDATE_EMBEDDED"] == "1" {
        var out = [
            "// Generated from reports/ by EmbeddedTemplatesTests (ATTEST_UPDATE_EMBEDDED=1); do not edit by hand.", "",
            "/// The compiled-in copy of the `reports/` folder, used for any file a templates folder lacks.",
            "enum EmbeddedTemplates {", "    static let files: [String: String] = [",
        ]
        for name in files.keys.sorted() {
            // Indented like the closing delimiter (as `swift format` wants); Swift strips it.
            let body = files[name]!.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "        " + $0 }
            out.append("        \"\(name)\": ####\"\"\"\n\(body.joined(separator: "\n"))\n        \"\"\"####,")
        }
        out += ["    ]", "}"]
        let target = ReportScenario.packageRoot.appendingPathComponent("Sources/AttestReports/Render/EmbeddedTemplates.swift")
        try Data((out.joined(separator: "\n") + "\n").utf8).write(to: target)
        return
    }
    for name in ReportTemplates.fileNames {
        #expect(
            EmbeddedTemplates.files[name] == files[name],
            "\(name): the compiled-in copy differs from reports/\(name); run ATTEST_UPDATE_EMBEDDED=1 swift test --filter EmbeddedTemplatesTests"
        )
    }
    #expect(try ReportTemplates.builtIn.mapping().frameworks.count == 5)
}

@Test func aTemplatesFolderOverridesTheCompiledInCopyFileByFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("reports"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("{{% CONTENT_TYPE: MARKDOWN}}\nCUSTOM {{summary.model}}\n".utf8).write(
        to: folder.appendingPathComponent("reports/report.md.mustache"))
    let located = folder.appendingPathComponent("reports")
    let templates = try ReportTemplates.load(directory: located)
    #expect(templates.sources["report.md.mustache"]?.hasSuffix("report.md.mustache") == true)
    #expect(templates.sources["report.html.mustache"] == "built-in")
    // The report names the folder and a digest that differs from the built-in set's.
    #expect(templates.info.source == located.path)
    #expect(templates.info.digest != ReportTemplates.builtIn.info.digest)
    #expect(templates.info.files.first { $0.name == "report.md.mustache" }?.source.hasSuffix("report.md.mustache") == true)
    let scenario = try ReportScenario(hostile: false, evaluate: false)
    defer { scenario.remove() }
    #expect(try ReportRenderer(templates: templates).render(try scenario.report(), as: .markdown) == "CUSTOM credit-risk\n")
    try Data("{\"schema\": 1}".utf8).write(to: folder.appendingPathComponent("reports/regulatory-mapping.json"))
    let error = #expect(throws: ReportError.self) { try ReportTemplates.load(directory: located).mapping() }
    #expect(error?.code == .badTemplate)
    #expect(error?.message.contains("regulatory-mapping.json: not a regulatory mapping") == true, "\(String(describing: error))")
}

@Test func theTemplateDigestIsTheSHA256OfTheSha256sumListing() throws {
    // `sha256sum` of the five files, sorted by name, hashed again: checkable with standard tools.
    let info = ReportTemplates.builtIn.info
    #expect(info.source == "built-in")
    #expect(info.files.map(\.name) == ReportTemplates.fileNames.sorted())
    var listing = ""
    for name in ReportTemplates.fileNames.sorted() {
        let text = try String(contentsOf: ReportScenario.packageRoot.appendingPathComponent("reports/\(name)"), encoding: .utf8)
        listing += "\(SHA256.hash(Array(text.utf8)).hex)  \(name)\n"
    }
    #expect(info.digest == SHA256.hash(Array(listing.utf8)).description)
}
