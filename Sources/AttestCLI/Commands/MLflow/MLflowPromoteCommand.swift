import ArgumentParser
import AttestLedger
import AttestMLflow
import AttestPolicy
import AttestRegistry
import Foundation

extension MLflowCommand {
    /// `attest mlflow promote NAME VERSION --to STAGE [--alias ALIAS] --tracking-uri URL --as ACTOR`.
    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Promote a version imported from MLflow; after an allowing decision, set the alias in MLflow.",
            discussion:
                "The published policy set decides and the decision is recorded either way, as 'attest promote'. Only when it allows is the MLflow version tagged attest.decision=ENTRY and --alias pointed at it; on deny nothing in MLflow changes (exit 1). When MLflow fails after the decision (exit 3), the same command again sets the alias without deciding again."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Option(name: .long, help: "The MLflow tracking server, e.g. http://127.0.0.1:5000.") var trackingUri: String
        @Option(name: .long, help: "Seconds a request to MLflow may wait without progress.") var timeout: Double = 30
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "The target stage.") var to: String
        @Option(name: .long, help: "The MLflow alias to point at the version after an allowing decision, e.g. champion.") var alias: String?
        @Option(name: .long, help: "A soft_mandatory rule to override (repeatable).") var override: [String] = []
        @Option(name: .long, help: "Why the override is needed (required with --override).") var justification: String?

        func run() throws {
            let stage = try AttestPolicy.Stage(parsing: to)
            let request = try PromotionText.overrideRequest(rules: override, justification: justification)
            let server = try ServerOptions.parse(["--tracking-uri", trackingUri, "--timeout", String(timeout)])
            let client = try server.client()
            let outcome: MLflowPromoter.Outcome
            if let attest = try remote.client(identity) {
                outcome = try promoteThrough(attest, client: client, stage: stage, request: request)
            } else {
                let registry = try options.openRegistry()
                let signer = try identity.signer()
                // The decision is attested by its requester whatever MLflow does after it.
                defer { LocalAttestation.recordLatestDecision(model: name, version: version, registry: registry, signer: signer) }
                outcome = try MLflowCommand.mapped {
                    try MLflowPromoter(registry: registry, client: client).promote(
                        name, version: version, to: stage, alias: alias, override: request, by: signer)
                }
            }
            let console = Console.current
            if let decided = outcome.decided {
                console.out(
                    "Decision \(decided.entry): \(decided.decision.result.rawValue.uppercased()) \(name) v\(version) -> \(stage.rawValue)")
                PromotionText.print(decided.decision)
                if !decided.allowed {
                    for reason in decided.reasons { console.err("  denied: \(reason)") }
                    throw CommandFailure.refused(
                        "promotion of \(name) v\(version) to \(stage.rawValue) denied by decision \(decided.entry); nothing changed in MLflow"
                    )
                }
            } else {
                console.out(
                    "\(name) v\(version) is in \(stage.rawValue) already (decision \(outcome.decisionEntry.map(String.init) ?? "none found"))"
                )
            }
            if let alias, let entry = outcome.decisionEntry {
                console.out(
                    "Set MLflow alias \(alias) -> \(name) version \(outcome.mlflowVersion) at \(client.trackingUri) (tagged attest.decision=\(entry))"
                )
            }
        }

        /// With `--server`: the version and an earlier decision are read from a private copy of
        /// the served ledger, the decision is the server's act `promote`, attested by the actor
        /// afterwards (as locally, whatever MLflow does); MLflow is set from this client.
        private func promoteThrough(
            _ attest: ServerClient, client: MLflowClient, stage: AttestPolicy.Stage, request: OverrideRequest?
        ) throws -> MLflowPromoter.Outcome {
            let snapshot = try RemoteSnapshot(attest)
            defer { snapshot.remove() }
            let copy = try Registry.open(at: snapshot.path, readOnly: true)
            var decided: UInt64?
            defer { if let decided { RemoteAttestation.recordOrWarn(attest, entry: decided) } }
            return try MLflowCommand.mapped {
                try MLflowPromoter(registry: copy, client: client).promote(name, version: version, to: stage, alias: alias) {
                    let outcome = try RemoteActs.promote(attest, name, version: version, to: stage, override: request)
                    decided = outcome.entry
                    return outcome
                }
            }
        }
    }
}
