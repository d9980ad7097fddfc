import ArgumentParser
import AttestLedger
import AttestMLflow
import AttestPolicy
import AttestRegistry
import Foundation

/// `attest mlflow import|audit`: governance over an MLflow tracking server (docs/mlflow.md).
struct MLflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlflow", abstract: "Import MLflow's registered models and audit the aliases MLflow serves.",
        discussion:
            "Credentials come from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, as for MLflow's own clients. Exit codes: 1 an alias no decision allows (audit); 2 bad input or refused credentials; 3 MLflow unreachable or failing (retry).",
        subcommands: [Import.self, Audit.self, Promote.self])

    /// The server options both subcommands take.
    struct ServerOptions: ParsableArguments {
        @Option(name: .long, help: "The MLflow tracking server, e.g. http://127.0.0.1:5000.") var trackingUri: String
        @Option(name: .long, help: "Seconds a request to MLflow may wait without progress.") var timeout: Double = 30
        @Option(name: .long, help: "A registered model's name (repeatable; default: all).") var model: [String] = []

        func client() throws -> MLflowClient {
            guard timeout > 0, timeout.isFinite else { throw CommandFailure.badInput("--timeout \(timeout) must be a positive number") }
            let url = URL(string: trackingUri) ?? URL(fileURLWithPath: "/")
            return try MLflowCommand.mapped {
                try MLflowClient(
                    trackingUri: trackingUri, credentials: .from(environment: Console.current.environment, uri: url), timeout: timeout)
            }
        }
    }

    /// Runs `body`, turning an `MLflowError` into the documented exit code.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as MLflowError {
            throw CommandFailure(error.message, exitCode: error.code.exit)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record MLflow's registered models and their versions (data-scientist or admin).",
            discussion:
                "Each version becomes one model.version.registered entry with its run's params, metrics and git commit, its artifacts' SHA-256 (streamed through MLflow's artifact API, never kept), its MLmodel environment and the MLflow ids. Importing again adds only new versions; a failure leaves nothing of the version it names, and a rerun continues there."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var server: ServerOptions
        @OptionGroup var remote: RemoteOptions
        @Option(name: .long, help: "The owner recorded for models the import creates (default: the acting actor).") var owner: String?
        @Option(name: .long, help: "The risk tier of models the import creates: low, medium or high.") var riskTier = "medium"

        func run() throws {
            let tier = try RiskTier(parsing: riskTier)
            let ledger: any MLflowImportLedger
            let actor: String
            if let attest = try remote.client(identity), let signer = attest.signer {
                // The client reads MLflow and hashes; the server records with the same registry calls.
                ledger = RemoteImportLedger(client: attest)
                actor = signer.name
            } else {
                let registry = try options.openRegistry()
                let signer = try identity.signer()
                ledger = RegistryImportLedger(registry: registry, signer: signer)
                actor = signer.name
            }
            let client = try server.client()
            let importer = MLflowImporter(ledger: ledger, client: client, owner: owner ?? actor, riskTier: tier)
            let json = options.json
            let results = try MLflowCommand.mapped {
                try importer.run(models: server.model) { line in if !json { Console.current.out(line) } }
            }
            if json { return try JSONOutput.print(results) }
            for result in results {
                Console.current.out(
                    "\(result.model): \(result.created ? "created, " : "")\(result.imported.count) versions recorded, \(result.alreadyRecorded) recorded before"
                        + (result.skipped.isEmpty ? "" : "; skipped: " + result.skipped.joined(separator: "; ")))
            }
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Compare the aliases MLflow serves with the ledger; exit 1 naming each alias no decision allows.",
            discussion:
                "An alias is allowed when 'attest alias set' would allow it now: a protected alias (protected_aliases in the policy set in force) only on a version an allowing decision put in production. --enforce (admin or risk-officer) moves each such alias back in MLflow, to the version Attest's own alias names if that one is allowed, else deletes it, and records mlflow.alias.reverted."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var server: ServerOptions
        @OptionGroup var remote: RemoteOptions
        @Flag(name: .long, help: "Move violating aliases back in MLflow and record that (admin or risk-officer).") var enforce = false

        func run() throws {
            // With --server: the same audit on a private copy of the served ledger, removed
            // afterwards; a move back is recorded with the act mlflow.alias.revert.
            let attest = try remote.client(identity)
            let snapshot = try attest.map { try RemoteSnapshot($0) }
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry()
            let signer = try enforce ? identity.signer() : nil
            let client = try server.client()
            let auditor =
                if let attest {
                    MLflowAuditor(registry: registry, client: client) { event, _ in try RemoteActs.revertAlias(attest, event) }
                } else {
                    MLflowAuditor(registry: registry, client: client)
                }
            let states = try MLflowCommand.mapped { try auditor.run(models: server.model, enforce: signer) }
            let violations = states.filter { $0.violation != nil }
            if options.json {
                try JSONOutput.print(states)
            } else {
                for state in states {
                    let attest = state.version.map { "v\($0)" } ?? "not recorded"
                    var line = "\(state.model) alias \(state.alias) -> MLflow version \(state.mlflowVersion) (Attest \(attest)): "
                    line += state.violation.map { "NOT ALLOWED: \($0)" } ?? "allowed"
                    if let entry = state.entry {
                        line +=
                            "; moved \(state.restoredMlflowVersion.map { "back to MLflow version \($0)" } ?? "away (deleted)") and recorded in entry \(entry)"
                    }
                    Console.current.out(line)
                }
                if states.isEmpty { Console.current.out("No aliases on the audited models.") }
            }
            let open = violations.filter { $0.entry == nil }
            if !open.isEmpty {
                throw CommandFailure.refused(
                    "\(open.count) alias\(open.count == 1 ? "" : "es") in MLflow no Attest decision allows: "
                        + open.map { "\($0.model) \($0.alias) -> MLflow version \($0.mlflowVersion)" }.joined(separator: ", "))
            }
        }
    }
}
