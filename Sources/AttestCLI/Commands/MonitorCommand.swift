import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestRegistry
import AttestServer
import Foundation

/// `attest monitor`: drift per column between a reference and a current file, recorded with both
/// files' digests as a `monitoring.recorded` entry.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Compute drift between a reference and a current file and record it (data-scientist, validator or admin).",
        discussion: """
            Numeric columns: PSI over the reference's deciles, the two-sample Kolmogorov-Smirnov test and the Jensen-Shannon \
            distance; categorical columns: PSI over categories, the chi-square test and the Jensen-Shannon distance. PSI bands: \
            below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant. Exit codes as 'attest evaluate'. See docs/evaluation.md.
            """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Argument(help: "The model.") var name: String
    @Argument(help: "The version.") var version: Int
    @Option(help: "The reference file (e.g. training inputs), CSV or JSON Lines.") var reference: String
    @Option(help: "The current file (e.g. recent production inputs).") var current: String
    @Option(parsing: .upToNextOption, help: "The columns to compare (default: every column present in both files).")
    var columns: [String] = []
    @Option(help: "The files' format: csv or jsonl (default: from each extension).") var format: String?
    @Flag(help: "Compute and print without signing or recording anything.") var dryRun = false

    func run() throws {
        let console = Console.current
        let tableFormat = try format.map(EvaluateCommand.parseFormat)
        let outcome: MonitoringOutcome
        if let client = try remote.client(identity) {
            guard !dryRun else { throw CommandFailure.usage("--dry-run works on a local ledger only") }
            outcome = try RemoteActs.monitor(
                client, model: name, version: version, reference: console.url(reference), current: console.url(current), columns: columns,
                format: tableFormat)
            if options.json { return try JSONOutput.print(outcome.event) }
            for line in EvaluationTables.lines(outcome.event, entry: outcome.entry) { console.out(line) }
            return
        }
        let registry = try options.openRegistry(readOnly: dryRun)
        do {
            if dryRun {
                let event = try registry.computeMonitoring(
                    model: name, version: version, reference: console.url(reference), current: console.url(current), columns: columns,
                    format: tableFormat, attestVersion: AttestVersion.current)
                outcome = MonitoringOutcome(event: event, entry: nil)
            } else {
                let signer = try identity.signer()
                outcome = try registry.monitor(
                    model: name, version: version, reference: console.url(reference), current: console.url(current), columns: columns,
                    format: tableFormat, attestVersion: AttestVersion.current, by: signer)
            }
        } catch let error as MetricsError {
            throw CommandFailure.badInput(error.commandLineMessage)
        }
        if options.json { return try JSONOutput.print(outcome.event) }
        for line in EvaluationTables.lines(outcome.event, entry: outcome.entry) { console.out(line) }
    }
}
