import ArgumentParser
import AttestLedger
import AttestRegistry
import Foundation

struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage", abstract: "Show a version's lineage, or check files on disk against it.",
        subcommands: [Show.self, Verify.self], defaultSubcommand: Show.self)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, dot }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The lineage graph: artifacts, datasets, code, parameters, parents, evaluations and decisions.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "text, json or dot.") var format: Format = .text

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let lineage = try registry.lineage(name, version)
            switch options.json ? .json : format {
            case .text: Console.current.out(LineageRenderer.text(lineage))
            case .json: try JSONOutput.print(lineage)
            case .dot: Console.current.out(LineageRenderer.dot(lineage))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the digests of files on disk and say which match the recorded lineage.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "An artifact file or folder (repeatable).") var artifact: [String] = []
        @Option(name: .long, help: "ROLE=PATH (repeatable).") var dataset: [String] = []

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let console = Console.current
            guard !artifact.isEmpty || !dataset.isEmpty else { throw CommandFailure.badInput("give at least one --artifact or --dataset") }
            let datasets = try dataset.enumerated().map { index, pair -> (role: String, url: URL) in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw CommandFailure.badInput("--dataset #\(index + 1) '\(pair)': expected ROLE=PATH")
                }
                return (String(pair[..<equals]), console.url(String(pair[pair.index(after: equals)...])))
            }
            let checks = try registry.verifyLineage(
                name, version, artifacts: artifact.map(console.url), datasets: datasets)
            if options.json {
                try JSONOutput.print(checks)
            } else {
                for check in checks {
                    let what = check.kind == "dataset" ? "dataset \(check.role ?? "")" : "artifact"
                    console.out(
                        "\(check.matches ? "MATCH   " : "MISMATCH") \(what) \(check.path)  \(check.digest)\(check.matches ? "" : "  recorded: \(check.recorded ?? "none")")"
                    )
                }
            }
            let failed = checks.filter { !$0.matches }.count
            if failed > 0 { throw CommandFailure.refused("\(failed) of \(checks.count) files do not match \(name) v\(version)'s lineage") }
        }
    }
}
