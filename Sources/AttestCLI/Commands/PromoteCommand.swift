import ArgumentParser
import AttestLedger
import AttestMLflow
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Ask for a stage change: the published policy set decides, and the decision is recorded either way.",
        discussion: """
            Exit 0 when allowed (the stage change is recorded with the decision; the previous production \
            version is archived), 1 when denied (the denial is recorded; the reasons go to standard error), \
            2 for bad input. --override RULE_ID (repeatable) with --justification asks to break glass on \
            failed soft_mandatory rules; it needs a role the rule permits and is never possible for a hard rule. \
            For a version imported from MLflow, an allowing decision also points the MLflow alias that the \
            policy set's mlflow_aliases names for the stage at it (exit 3 when MLflow fails: the decision stands).
            """)
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long, help: "The target stage.") var to: String
    @Option(name: .long, help: "A soft_mandatory rule to override (repeatable).") var override: [String] = []
    @Option(name: .long, help: "Why the override is needed (required with --override).") var justification: String?

    func run() throws {
        let console = Console.current
        let stage = try AttestPolicy.Stage(parsing: to)
        let request = try PromotionText.overrideRequest(rules: override, justification: justification)
        let outcome: PromotionOutcome
        var registry: Registry?
        if let client = try remote.client(identity) {
            outcome = try RemoteActs.promote(client, name, version: version, to: stage, override: request)
            RemoteAttestation.recordOrWarn(client, entry: outcome.entry)
        } else {
            let local = try options.openRegistry()
            registry = local
            let signer = try identity.signer()
            // With witnesses listed, time is witnessed time: have a checkpoint of the head cosigned first.
            WitnessedPromotion.refresh(local.ledger)
            outcome = try local.promote(name, version: version, to: stage, override: request, by: signer)
            LocalAttestation.record(outcome.entry, registry: local, signer: signer)
        }
        // MLflow's alias follows only an allowing decision; a failure is reported after the decision.
        var mlflow: MLflowStageAlias.Result?
        var mlflowFailure: MLflowError?
        if let registry {
            do {
                mlflow = try MLflowStageAlias.apply(
                    after: outcome, model: name, version: version, registry: registry,
                    credentials: { .from(environment: Console.current.environment, uri: $0) })
            } catch let error as MLflowError {
                mlflowFailure = error
            }
        }
        if options.json {
            try JSONOutput.print(
                PromoteOutput(
                    entry: outcome.entry, stageChanges: outcome.stageChanges, archived: outcome.archived, record: outcome.record,
                    mlflow: mlflow))
        } else {
            let decision = outcome.decision
            console.out(
                "Decision \(outcome.entry): \(decision.result.rawValue.uppercased()) \(name) v\(version) \(decision.fromStage) -> \(stage.rawValue) under policy set \(outcome.record.policySet.hash)"
            )
            PromotionText.print(decision)
            console.out(WitnessedPromotion.line(outcome.record.timeBasis))
            if outcome.allowed {
                console.out(
                    "Stage changed in entry \(outcome.stageChanges[0])\(outcome.archived.isEmpty ? "" : "; archived " + outcome.archived.map { "v\($0)" }.joined(separator: ", "))"
                )
            }
            if let mlflow {
                console.out(
                    "Set MLflow alias \(mlflow.alias) -> \(mlflow.mlflowName) version \(mlflow.mlflowVersion) at \(mlflow.trackingUri) (tagged attest.decision=\(mlflow.decision))"
                )
            }
            if !outcome.record.overridden.isEmpty {
                console.out(
                    "!! OVERRIDE by \(outcome.record.request.requester): \(outcome.record.overridden.joined(separator: ", ")) -- \(TerminalText.escapeField(outcome.record.request.justification ?? ""))"
                )
            }
        }
        if !outcome.allowed {
            // With --json the reasons are in the decision on standard output, and standard error
            // holds only the error object.
            if !options.json { for reason in outcome.reasons { console.err("  denied: \(reason)") } }
            throw CommandFailure.refused(
                "promotion of \(name) v\(version) to \(stage.rawValue) denied (decision recorded in entry \(outcome.entry))")
        }
        if let mlflowFailure { throw CommandFailure(mlflowFailure.message, exitCode: mlflowFailure.code.exit) }
    }

    struct PromoteOutput: Encodable {
        let entry: UInt64
        let stageChanges: [UInt64]
        let archived: [Int]
        let record: PromotionDecided
        let mlflow: MLflowStageAlias.Result?
    }
}

/// Text shared by `promote` and `policy explain`.
enum PromotionText {
    static func overrideRequest(rules: [String], justification: String?) throws -> OverrideRequest? {
        if rules.isEmpty {
            guard justification == nil else { throw CommandFailure.usage("--justification goes with --override RULE_ID") }
            return nil
        }
        guard let justification else {
            throw CommandFailure.usage(
                "--override needs --justification TEXT: say why the glass is broken (an incident, a ticket); nothing was recorded")
        }
        guard TerminalText.hasVisibleText(justification) else {
            throw CommandFailure.badInput(
                "--justification '\(TerminalText.escapeField(justification))' has no visible text (only white space, control or invisible characters); nothing was recorded"
            )
        }
        return OverrideRequest(rules: rules, justification: justification)
    }

    /// One line per rule: status, id, observed vs bound, message, cited entries; then reasons.
    static func print(_ decision: Decision) {
        let console = Console.current
        if decision.policies.isEmpty { console.out("  no policy applies") }
        for outcome in decision.outcomes {
            let mark: String
            switch outcome.status {
            case .pass: mark = "pass"
            case .fail: mark = "FAIL"
            case .error: mark = "ERROR"
            case .overridden: mark = "OVERRIDDEN"
            case .advisoryFail: mark = "advisory-fail"
            }
            var line = "  \(mark.leftPad(13, right: true)) \(outcome.ruleID) [\(outcome.enforcement.rawValue)]"
            if let observed = outcome.observed { line += "  observed \(observed)" }
            if let bound = outcome.bound { line += "  bound \(bound)" }
            console.out(line)
            console.out("                  \(outcome.message)")
            if !outcome.citedSeqs.isEmpty {
                console.out("                  entries \(outcome.citedSeqs.map(String.init).joined(separator: ", "))")
            }
            if let tally = outcome.approvals {
                for counted in tally.counted {
                    console.out(
                        "                  counted: \(counted.actor) (\(counted.roles.joined(separator: ", "))) entry \(counted.seq)")
                }
                for aside in tally.setAside {
                    console.out("                  set aside: \(aside.actor) entry \(aside.seq) \(aside.reason.rawValue): \(aside.detail)")
                }
                for rejection in tally.blockingRejections {
                    console.out("                  BLOCKING rejection: \(rejection.actor) entry \(rejection.seq)")
                }
            }
        }
        for review in decision.overrides where !review.applied {
            console.out("  override of \(review.ruleID): \(review.problem?.rawValue ?? "noted"): \(review.message)")
        }
        console.out("Result: \(decision.result.rawValue)")
        for reason in decision.reasons { console.out("  - \(reason)") }
    }
}
