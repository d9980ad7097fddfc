import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestReports
import Foundation

/// `attest report NAME ...` and `attest report inventory`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render an audit report of a model (HTML, Markdown, JSON or PDF), or the model inventory ('attest report inventory').",
        discussion: """
            Templates come from --templates DIR, else the copy built into attest; a reports/ folder next to the ledger is \
            used only when named with --templates, and the report names its templates' source and digest (docs/reports.md). The report cites the latest stored checkpoint that covers its \
            entries; when none does and the log key is available, a new one is signed. --format pdf prints the HTML form with \
            headless Chromium (Debian package chromium, or ATTEST_CHROMIUM=PATH) and needs --out.
            """)

    @OptionGroup var options: LedgerOptions

    @Argument(help: "The model's name, or 'inventory' for every model.")
    var name: String

    @Option(name: .long, help: "Only this version (and its ancestors in the lineage).")
    var version: Int?

    @Option(name: .long, help: "Only entries at or after this time (ISO 8601).")
    var since: String?

    @Option(name: .long, help: "Only entries at or before this time (ISO 8601).")
    var until: String?

    @Option(name: .long, help: "html (default), markdown, json or pdf; --json means --format json.")
    var format: String?

    @Option(name: .long, help: "Write the report to this file (default: standard output).")
    var out: String?

    @Option(name: .long, help: "A folder of templates and the regulatory mapping (default: the built-in copy).")
    var templates: String?

    @Option(name: .long, help: "Inventory: days a version may wait in staging for approval before the review is overdue.")
    var reviewDays: Int = 30

    @Option(name: .long, help: "Inventory: days after which a production version's last approval is due for revalidation.")
    var revalidationDays: Int = 365

    @Option(name: .long, help: "Read the log key's passphrase from this file, if a checkpoint must be signed.")
    var passphraseFile: String?

    /// `--at`, `--at-entry`, `--as-of`: the report as the ledger stood then (the same bytes however
    /// the ledger grows after).
    @OptionGroup var pastState: PastStateOptions

    @OptionGroup var remote: RemoteOptions
    @OptionGroup var reader: ServedReaderOptions

    func run() throws {
        // --server: the same command on a private copy of the served log and checkpoint.
        try remote.onServedCopy(try reader.identity()) { copy in
            var local = self
            if let copy { local.options.ledger = copy }
            try local.report()
        }
    }

    private func report() throws {
        if options.json, let format, format != "json" {
            throw CommandFailure.usage(
                "--json asks for JSON but --format is '\(format)'; drop one of them (--json alone means --format json)")
        }
        let format = format ?? (options.json ? "json" : "html")
        let pdf = format == "pdf"
        if pdf && out == nil { throw CommandFailure.badInput("--format pdf writes a binary file: name it with --out FILE") }
        guard let chosen = pdf ? ReportFormat.html : ReportFormat(rawValue: format == "md" ? "markdown" : format) else {
            throw CommandFailure.badInput("--format '\(format)' must be html, markdown, json or pdf")
        }
        let point = try pastState.choice()
        let ledgerURL = try options.ledgerURL()
        let opened = try Registry.open(at: ledgerURL.path, readOnly: true)
        let renderer = ReportRenderer(templates: try Self.templates(templates, ledger: ledgerURL))
        let past = try Self.snapshot(
            at: point.entry, asOf: point.time, of: opened.ledger, timeOption: pastState.at != nil ? "--at" : "--as-of")
        let registry = past?.snapshot.registry ?? opened
        let collector = ReportCollector(registry: registry, now: past?.time ?? Date(), generator: "attest \(AttestVersion.current)")
        let text: String
        var bytes: [UInt8]?
        do {
            if name == "inventory" && version == nil {
                let inventory = try collector.inventory(reviewDays: reviewDays, revalidationDays: revalidationDays)
                if pdf { bytes = [UInt8](try renderer.pdf(inventory, printer: try PDFPrinter.find())) }
                text = pdf ? "" : try renderer.render(inventory, as: chosen)
            } else {
                let request = ReportRequest(
                    model: name, version: version, since: try since.map { try TimeParsing.parse($0, option: "--since") },
                    until: try until.map { try TimeParsing.parse($0, option: "--until") }, asOfEntry: past?.snapshot.entry)
                let material = try collector.gather(request)
                let checkpoint =
                    try past.map { try Self.checkpoint(of: $0.snapshot, passphraseFile: passphraseFile) }
                    ?? Self.checkpoint(covering: material.requiredTreeSize, ledgerURL: ledgerURL, passphraseFile: passphraseFile)
                let mapping = try renderer.templates.mapping()
                let report = try collector.report(material, checkpoint: checkpoint, mapping: mapping)
                if pdf { bytes = [UInt8](try renderer.pdf(report, printer: try PDFPrinter.find())) }
                text = pdf ? "" : try renderer.render(report, as: chosen)
            }
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        } catch let error as RegistryError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        if let bytes { return try Self.emit(bytes, out: out, json: options.json) }
        // JSON keeps the same value with unsafe characters as \uXXXX, so the terminal escaping
        // of standard output never has to rewrite (and break) it.
        try Self.emit(Array((chosen == .json ? JSONOutput.escapeUnsafe(text) : text).utf8), out: out, json: options.json)
    }

    /// The templates: --templates, else built in. A folder that merely lies next to the ledger is
    /// never used by itself: whoever can write there could otherwise change what a report says.
    static func templates(_ option: String?, ledger: URL) throws -> ReportTemplates {
        do {
            if let option { return try ReportTemplates.load(directory: Console.current.url(option)) }
            return .builtIn
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
    }

    /// The latest stored checkpoint covering `size` entries; else a new one when the log key can
    /// be loaded; else the latest (the report then says which entries it does not cover).
    static func checkpoint(covering size: UInt64, ledgerURL: URL, passphraseFile: String?) throws -> SignedCheckpoint? {
        let reader = try Ledger.open(at: ledgerURL.path, readOnly: true)
        if let latest = try reader.latestCheckpoint(), latest.checkpoint.size >= size { return latest }
        do {
            let writer = try Ledger.open(at: ledgerURL.path)
            return try CheckpointSource.covering(size: size, ledger: writer, passphraseFile: passphraseFile)
        } catch {
            Console.current.err(
                "attest: warning: no stored checkpoint covers the report's entries and none could be signed (\(error)); the report says which entries are not covered"
            )
            return try reader.latestCheckpoint()
        }
    }

    /// The ledger as it stood at `--at ENTRY` or `--as-of TIME`, and the report's time then (the
    /// `--as-of` time, or the entry's time).
    static func snapshot(
        at: UInt64?, asOf: String?, of ledger: Ledger, timeOption: String = "--as-of"
    ) throws -> (snapshot: LedgerSnapshot, time: Date)? {
        do {
            if let at {
                let snapshot = try LedgerSnapshot.make(at: at, of: ledger)
                return (snapshot, snapshot.entryTime)
            }
            guard let asOf else { return nil }
            let time = try TimeParsing.parse(asOf, option: timeOption)
            return (try LedgerSnapshot.make(at: try LedgerSnapshot.lastEntry(atOrBefore: time, in: ledger), of: ledger), time)
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
    }

    /// The checkpoint of a past report: the stored one of exactly the snapshot's size, else one
    /// signed now for that size (Ed25519 signatures are deterministic, so the same bytes), else
    /// the latest stored before it; never sent to witnesses, whose cosignatures would differ.
    static func checkpoint(of snapshot: LedgerSnapshot, passphraseFile: String?) throws -> SignedCheckpoint? {
        let ledger = snapshot.registry.ledger
        if let latest = try ledger.latestCheckpoint(), latest.checkpoint.size == snapshot.entry + 1 { return latest }
        do {
            return try ledger.checkpoint(signedBy: try Passphrases.loadLogKey(origin: ledger.origin, passphraseFile: passphraseFile))
        } catch {
            Console.current.err(
                "attest: warning: no stored checkpoint has the past ledger's size \(snapshot.entry + 1) and none could be signed (\(error)); the report says which entries are not covered"
            )
            return try ledger.latestCheckpoint()
        }
    }

    /// Writes to --out (see docs/reports.md for the path rule) or standard output.
    static func emit(_ bytes: [UInt8], out: String?, json: Bool = false) throws {
        guard let out else {
            Console.current.out(String(decoding: bytes, as: UTF8.self), terminator: "")
            return
        }
        do { try SafeOutput.write(bytes, to: Console.current.url(out)) } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        if json {
            try JSONOutput.print(["wrote": [Console.current.url(out).path]])
        } else {
            Console.current.out("Wrote \(Console.current.url(out).path)")
        }
    }
}
