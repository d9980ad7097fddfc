import ArgumentParser
import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestReports
import Foundation

/// `attest admission answer|check`: the deployment gate's signed answer (docs/admission.md).
struct AdmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admission",
        abstract: "Make or check a signed answer to 'may this version serve in this environment?'.",
        subcommands: [AdmissionAnswerCommand.self, AdmissionCheckCommand.self])
}

/// `attest admission answer M V --environment E --out FILE`.
struct AdmissionAnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Write the signed admission answer for a version and an environment (needs the log key).",
        discussion: """
            Applies the rules 'attest deploy' enforces, lists the deciding entries with their inclusion proofs and a \
            checkpoint, and signs the answer with the log key. Writes the answer whether it allows or denies; exit 0 \
            when it allows, 1 when it denies, 2 for bad input.
            """)

    @OptionGroup var options: LedgerOptions
    @Argument(help: "The model.") var model: String
    @Argument(help: "The version.") var version: Int
    @Option(name: .long, help: "The environment, e.g. prod-eu.") var environment: String
    @Option(name: .long, help: "Write the answer here (default: standard output).") var out: String?
    @Option(name: .long, help: "Read the log key's passphrase from this file (default: $ATTEST_LOG_PASSPHRASE or $ATTEST_PASSPHRASE).")
    var passphraseFile: String?

    func run() throws {
        let registry = try options.openRegistry(readOnly: true)
        let logSigner = try Passphrases.loadLogKey(origin: registry.ledger.origin, passphraseFile: passphraseFile)
        let service: AdmissionService
        let made: (answer: AdmissionAnswer, statement: AdmissionStatement)
        do {
            service = try AdmissionService(registry: registry, logSigner: logSigner)
            made = try service.answerValue(
                model: model.precomposedStringWithCanonicalMapping, version: version,
                environment: environment.precomposedStringWithCanonicalMapping)
        } catch let error as AdmissionError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        } catch { throw Failures.map(error) }
        let text = String(decoding: made.answer.bytes, as: UTF8.self)
        if let out { try OutputFile.write(text, to: out) }
        let statement = made.statement
        if options.json {
            var object = AdmissionCheckCommand.summary(statement)
            if let out { object["wrote"] = [Console.current.url(out).path] }
            try JSONOutput.print(object)
        } else if let out {
            Console.current.out(
                "\(statement.allowed ? "ALLOW" : "DENY"): \(model) v\(version) in \(environment); wrote \(Console.current.url(out).path)")
            for reason in statement.reasons { Console.current.out("  " + TerminalText.escapeField(reason)) }
        } else {
            Console.current.out(text, terminator: "")
        }
        if !statement.allowed { throw ExitCode(AttestExit.refused) }
    }
}

/// `attest admission check M V --environment E --answer FILE --log-key VKEY [--max-age DURATION]`.
struct AdmissionCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a signed admission answer offline; exit 0 only when it verifies and allows.",
        discussion: """
            Checks the log key's signature, the checkpoint, every deciding entry's inclusion proof and leaf, that the \
            answer names exactly this model, version and environment, and that it is younger than --max-age (default 1h). \
            Exit 0: allowed. Exit 1: denied, or any check failed (the message says which). Exit 2: bad input.
            """)

    @Argument(help: "The model.") var model: String
    @Argument(help: "The version.") var version: Int
    @Option(name: .long, help: "The environment, e.g. prod-eu.") var environment: String
    @Option(name: .long, help: "The answer file ('attest admission answer --out', or saved from GET /v1/admission).")
    var answer: String?
    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: "The log's verifier key (name+keyid+base64) or a file holding it, from a source you trust.")
    var logKey: String
    @Option(name: .long, help: "The oldest answer accepted, e.g. 15m, 1h, 1d (default 1h).") var maxAge: String?
    @OptionGroup var witnesses: WitnessPolicyOptions
    @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let key = try VerifierKeyArgument.parse(logKey, option: "--log-key")
        _ = try witnesses.policy()
        var age = AdmissionChecker.defaultMaxAge
        if let maxAge {
            guard let parsed = PolicyDuration(parsing: maxAge) else {
                throw CommandFailure.badInput("--max-age '\(maxAge)' is not a duration such as 30s, 15m, 1h or 1d")
            }
            age = TimeInterval(parsed.seconds)
        }
        switch (answer, remote.url) {
        case (let path?, nil): try check(source: FileAdmissionSource(path: path), key: key, maxAge: age)
        case (nil, let url?):
            let source = try ServerAdmissionSource(
                client: ServerClient(url: url, signer: nil), model: model, version: version, environment: environment)
            try check(source: source, key: key, maxAge: age)
        case (.some, .some): throw ValidationError("give either --answer FILE or --server URL, not both")
        case (nil, nil): throw ValidationError("give --answer FILE or --server URL (or $ATTEST_SERVER)")
        }
    }

    /// Verifies the answer from `source` (a file, or a server's `GET /v1/admission`).
    func check(source: any AdmissionSource, key: VerifierKey, maxAge: TimeInterval) throws {
        let bytes = try source.answerBytes(limit: AdmissionAnswer.maximumBytes)
        let question = AdmissionChecker.Question(model: model, version: version, environment: environment)
        let result: AdmissionChecker.Result
        do {
            result = try AdmissionChecker(logKey: key, maxAge: maxAge).check(bytes, source: source.name, question: question)
        } catch let error as AdmissionError {
            throw CommandFailure(error.message, exitCode: error.exitCode)
        }
        let verdict = result.admits ? "allow" : (result.failures.isEmpty ? "deny" : "invalid")
        if json {
            var object = result.statement.map(Self.summary) ?? [:]
            object["verdict"] = verdict
            object["verified"] = result.failures.isEmpty
            object["failures"] = result.failures
            try JSONOutput.print(object)
        }
        let asked = "\(question.model) v\(question.version) in \(question.environment)"
        if !result.failures.isEmpty {
            throw CommandFailure.refused(
                "\(source.name): the admission answer for \(asked) does NOT verify:\n"
                    + result.failures.map { "  " + TerminalText.escapeField($0) }.joined(separator: "\n"))
        }
        // With --witness: the answer's checkpoint must carry the quorum's cosignatures.
        if let answer = try? AdmissionAnswer(parsing: bytes, source: source.name) {
            let note = try? SignedCheckpoint(parsing: answer.checkpoint, logKey: key).note
            try witnesses.require(on: note, what: "\(source.name): the admission answer's checkpoint")
        } else {
            try witnesses.require(on: nil, what: "\(source.name): the admission answer's checkpoint")
        }
        let statement = result.statement!
        guard statement.allowed else {
            throw CommandFailure.refused(
                "DENY: \(asked) (answer of \(AdmissionStatement.timeText(statement.time)), verified):\n"
                    + statement.reasons.map { "  " + TerminalText.escapeField($0) }.joined(separator: "\n"))
        }
        if !json {
            Console.current.out(
                "ALLOW: \(TerminalText.escapeField(asked)) (answer of \(AdmissionStatement.timeText(statement.time)) at checkpoint size \(statement.checkpointSize), signed by \(key.name); \(statement.entries.count) deciding entries included)"
            )
        }
    }

    /// The statement as a JSON object.
    static func summary(_ statement: AdmissionStatement) -> [String: Any] {
        var object: [String: Any] = [
            "origin": statement.origin, "model": statement.model, "version": statement.version, "environment": statement.environment,
            "result": statement.allowed ? "allow" : "deny", "time": AdmissionStatement.timeText(statement.time),
            "checkpointSize": statement.checkpointSize, "reasons": statement.reasons,
            "entries": statement.entries.map { ["role": $0.role, "entry": $0.entry, "leafHash": $0.leafHash.base64] as [String: Any] },
        ]
        if let stage = statement.stage { object["stage"] = stage }
        if let required = statement.required {
            object["requiredStage"] = required.stage
            object["declaredAs"] = required.pattern
        }
        return object
    }
}
