import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestRegistry
import AttestServer
import Foundation

/// `attest evaluate`: computes performance and fairness metrics from an evaluation file and
/// records them, with the file's digest, as an `evaluation.recorded` entry.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compute performance and fairness metrics from an evaluation file and record them (data-scientist, validator or admin).",
        discussion: """
            The file (CSV per RFC 4180, or JSON Lines) is read once: its SHA-256 and the metrics come from the same bytes. \
            Groups are formed for each --sensitive column and, with several, for their intersection. A file that is not a \
            dataset of the version's lineage is recorded with lineageRole null and a warning. Exit codes: 0 recorded (or \
            computed, with --dry-run); 1 refused (role, retired version); 2 bad input (malformed file, unknown column, unknown \
            model or version); nothing is written unless the exit code is 0. See docs/evaluation.md.
            """)

    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions

    @Argument(help: "The model.") var name: String
    @Argument(help: "The version.") var version: Int
    @Option(help: "The evaluation file (CSV or JSON Lines).") var data: String
    @Option(help: "The file's format: csv or jsonl (default: from the extension; .jsonl and .ndjson are JSON Lines).")
    var format: String?
    @Option(help: "The ground-truth column.") var label: String
    @Option(help: "The predicted label (classification) or value (regression) column.") var prediction: String
    @Option(help: "The score column (probability of the positive class), for roc_auc, log_loss and brier_score.") var score: String?
    @Option(help: "A sensitive feature column (repeatable).") var sensitive: [String] = []
    @Option(help: "The sample-weight column.") var weight: String?
    @Option(help: "The positive label's text, when it is not 1 or true.") var posLabel: String?
    @Option(help: "classification or regression.") var task = "classification"
    @Option(help: "Bootstrap replicates for percentile confidence intervals (needs --seed).") var bootstrap: Int?
    @Option(help: "The bootstrap seed (recorded; the same seed gives the same intervals).") var seed: UInt64?
    @Option(help: "The confidence level of the bootstrap intervals.") var confidenceLevel = 0.95
    @Option(help: "Groups with fewer rows are marked insufficient.") var minGroupSize = 30
    @Option(help: "Which groups enter disparities: all (as fairlearn) or sufficient (only groups of at least --min-group-size rows).")
    var disparityGroups = "all"
    @Flag(help: "Drop rows with a missing or unparsable value in a used column (the count is recorded) instead of failing.")
    var dropMissing = false
    @Option(help: "The role the file plays: test, validation, ...") var datasetRole = "test"
    @Flag(help: "Compute and print without signing or recording anything.") var dryRun = false

    func validate() throws {
        if bootstrap != nil && seed == nil { throw ValidationError("--bootstrap needs --seed S, so that the intervals can be reproduced") }
        if bootstrap == nil && seed != nil { throw ValidationError("--seed is only used with --bootstrap N") }
        if let bootstrap, bootstrap < 1 { throw ValidationError("--bootstrap must be at least 1") }
        if minGroupSize < 1 { throw ValidationError("--min-group-size must be at least 1") }
        if !(confidenceLevel > 0 && confidenceLevel < 1) { throw ValidationError("--confidence-level must be between 0 and 1, e.g. 0.95") }
    }

    func run() throws {
        let console = Console.current
        let spec = try makeSpec()
        let tableFormat = try format.map(Self.parseFormat)
        let file = console.url(data)
        let outcome: EvaluationOutcome
        if let client = try remote.client(identity) {
            guard !dryRun else { throw CommandFailure.usage("--dry-run works on a local ledger only") }
            outcome = try RemoteActs.evaluate(
                client, model: name, version: version, file: file, format: tableFormat, spec: spec, datasetRole: datasetRole)
            if let entry = outcome.entry { RemoteAttestation.recordOrWarn(client, entry: entry) }
        } else {
            outcome = try evaluateLocally(file: file, format: tableFormat, spec: spec)
        }
        let event = outcome.event
        if event.lineageRole == nil {
            console.err(
                "attest: warning: \(event.data.name) (\(event.data.digest)) is not a dataset in the lineage of \(name) v\(version); "
                    + "the evaluation \(dryRun ? "would be" : "is") recorded with lineageRole null. Register the file with the version "
                    + "('attest model register \(name) --dataset \(datasetRole)=FILE ...') to bind the evidence to it.")
        }
        if options.json { return try JSONOutput.print(event) }
        for line in EvaluationTables.lines(event, entry: outcome.entry) { console.out(line) }
    }

    private func evaluateLocally(file: URL, format tableFormat: TableFormat?, spec: EvaluationSpec) throws -> EvaluationOutcome {
        let registry = try options.openRegistry(readOnly: dryRun)
        do {
            if dryRun {
                let event = try registry.computeEvaluation(
                    model: name, version: version, file: file, format: tableFormat, spec: spec, datasetRole: datasetRole,
                    attestVersion: AttestVersion.current)
                return EvaluationOutcome(event: event, entry: nil)
            } else {
                let signer = try identity.signer()
                let outcome = try registry.evaluate(
                    model: name, version: version, file: file, format: tableFormat, spec: spec, datasetRole: datasetRole,
                    attestVersion: AttestVersion.current, by: signer)
                if let entry = outcome.entry { LocalAttestation.record(entry, registry: registry, signer: signer) }
                return outcome
            }
        } catch let error as MetricsError {
            throw CommandFailure.badInput(error.commandLineMessage)
        }
    }

    func makeSpec() throws -> EvaluationSpec {
        let kind: EvaluationSpec.Task
        switch task.lowercased() {
        case "classification", "binary", "binary_classification", "binary-classification": kind = .binaryClassification
        case "regression": kind = .regression
        default: throw CommandFailure.badInput("--task '\(task)': expected classification or regression")
        }
        let groups: EvaluationSpec.DisparityGroups
        switch disparityGroups.lowercased() {
        case "all": groups = .all
        case "sufficient", "sufficient_only", "sufficient-only": groups = .sufficientOnly
        default: throw CommandFailure.badInput("--disparity-groups '\(disparityGroups)': expected all or sufficient")
        }
        return EvaluationSpec(
            task: kind, label: label, prediction: prediction, score: score, sensitive: sensitive, weight: weight, posLabel: posLabel,
            minGroupSize: minGroupSize, dropMissing: dropMissing, disparityGroups: groups,
            bootstrap: bootstrap.map { BootstrapSpec(replicates: $0, seed: seed ?? 0, confidenceLevel: confidenceLevel) })
    }

    static func parseFormat(_ text: String) throws -> TableFormat {
        switch text.lowercased() {
        case "csv": return .csv
        case "jsonl", "ndjson", "jsonlines", "json-lines": return .jsonLines
        default: throw CommandFailure.badInput("--format '\(text)': expected csv or jsonl")
        }
    }
}
