import ArgumentParser
import AttestRegistry
import AttestReports
import Foundation

/// `attest diff MODEL A B`: two versions side by side.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions: lineage, parameters, environment, metrics with interval overlap, fairness, changed rules, reviews."
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Argument(help: "The model's name.")
    var name: String

    @Argument(help: "The first version (A).")
    var from: Int

    @Argument(help: "The second version (B).")
    var to: Int

    func run() throws {
        let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
        defer { snapshot?.remove() }
        let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
        let collector = ReportCollector(registry: registry, now: Date(), generator: "attest \(AttestVersion.current)")
        do {
            let material = try collector.gather(ReportRequest(model: name))
            let report = try collector.report(material, checkpoint: nil, mapping: try ReportTemplates.builtIn.mapping())
            let comparison = try VersionDiff.compare(report, from, to)
            if options.json {
                try JSONOutput.print(comparison)
            } else {
                Console.current.out(VersionDiff.text(comparison), terminator: "")
            }
        } catch let error as ReportError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        } catch let error as RegistryError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
    }
}
