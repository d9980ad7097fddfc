import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestReports
import Foundation

/// Reports and bundles at the scale: an HTML report of a model with 10 versions and
/// 10,000 entries (target 2 s), and export and verify-bundle of a bundle of 10,000 entries
/// (target 2 s each). Called by main.swift.
func runReportBenches(report: Report, quick: Bool) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "attest-report-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let repetitions = quick ? 1 : 3
    say("reports: building a ledger with one model, 10 versions and 10,000 entries about it")
    let fixture = try ReportBenchFixture(folder: folder, notes: 10_000 - 40)

    let collector = ReportCollector(registry: fixture.registry, now: Date(), generator: "attest-bench")
    let renderer = ReportRenderer()
    let mapping = try ReportTemplates.builtIn.mapping()
    var html = ""
    var entries = 0
    let reportTimes = try (0..<repetitions).map { _ in
        try Measure.seconds {
            let material = try collector.gather(ReportRequest(model: ReportBenchFixture.model))
            let built = try collector.report(material, checkpoint: nil, mapping: mapping)
            entries = built.timeline.count
            html = try renderer.render(built, as: .html)
        }
    }
    let reportSeconds = Measure.median(reportTimes)
    report.add(
        Row(
            measure:
                "HTML report, 10 versions, \(Format.count(Double(entries))) entries (\(html.utf8.count >> 10) KiB, every entry's signature and proof checked)",
            value: Format.ms(reportSeconds), target: "<= 2 s", missed: reportSeconds > 2))

    let exporter = BundleExporter(registry: fixture.registry)
    let checkpoint = try fixture.registry.ledger.latestCheckpoint().required("a checkpoint")
    var bundle: [UInt8] = []
    let exportTimes = try (0..<repetitions).map { _ in
        try Measure.seconds { bundle = try exporter.export(model: ReportBenchFixture.model, version: 1, checkpoint: checkpoint) }
    }
    let exportSeconds = Measure.median(exportTimes)
    let verifier = BundleVerifier(logKey: fixture.registry.ledger.logKey)
    var verified = BundleReport()
    let verifyTimes = (0..<repetitions).map { _ in Measure.seconds { verified = verifier.verify(bundle) } }
    guard verified.isValid else { throw BenchError("the benchmark bundle does not verify: \(verified.failures.prefix(3))") }
    let verifySeconds = Measure.median(verifyTimes)
    report.add(
        Row(
            measure: "export bundle, \(Format.count(Double(verified.entryCount))) entries (\(bundle.count >> 20) MiB)",
            value: Format.ms(exportSeconds), target: "<= 2 s", missed: exportSeconds > 2))
    report.add(
        Row(
            measure: "verify-bundle, \(Format.count(Double(verified.entryCount))) entries", value: Format.ms(verifySeconds),
            target: "<= 2 s", missed: verifySeconds > 2))
}

/// The payload of the benchmark's extra entries: about version 1 of the model.
private struct Note: Encodable {
    var model: String
    var version: Int
    var note: String
}

/// A registry with one model, 10 versions and `notes` more entries about version 1.
struct ReportBenchFixture {
    static let model = "bench-model"
    let registry: Registry

    init(folder: URL, notes: Int) throws {
        let admin = try LedgerFixture.signer("alice", byte: 0x11)
        let dana = try LedgerFixture.signer("dana", byte: 0x12)
        let log = try LedgerFixture.signer("bench.example.com/reports", byte: 0x13)
        registry = try Registry.create(
            at: folder.appendingPathComponent("report.ledger").path, origin: log.name, logKey: log.verifierKey, admin: admin)
        try registry.addActor("dana", publicKey: dana.verifierKey, roles: ["data-scientist"], by: admin)
        try registry.createModel(Self.model, owner: "dana", purpose: "benchmark", riskTier: .medium, by: admin)
        for version in 1...10 {
            let artifact = folder.appendingPathComponent("model-\(version).bin")
            try Data("weights \(version)".utf8).write(to: artifact)
            try registry.registerVersion(
                Self.model,
                VersionRequest(
                    artifacts: [artifact],
                    code: CodeReference(repository: "https://git.example/bench", commit: "c\(version)", dirty: false),
                    parent: version > 1 ? version - 1 : nil),
                by: dana)
        }
        var written = 0
        while written < notes {
            let count = min(1000, notes - written)
            let drafts = try (written..<written + count).map { index in
                try EntryDraft(type: "bench.note", encoding: Note(model: Self.model, version: 1, note: "observation \(index)"))
            }
            try registry.ledger.append(drafts, signer: dana)
            written += count
        }
        _ = try registry.ledger.checkpoint(signedBy: log)
    }
}

extension Optional {
    fileprivate func required(_ what: String) throws -> Wrapped {
        guard let self else { throw BenchError("missing \(what)") }
        return self
    }
}
