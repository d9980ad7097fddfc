import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestReports
import AttestServer
import Foundation

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Create models, register versions, and read them.",
        subcommands: [Create.self, Register.self, List.self, Show.self, History.self, Scope.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a model (data-scientist or admin).")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The model's name.") var name: String
        @Option(help: "The owning actor.") var owner: String
        @Option(help: "What the model is for.") var purpose: String
        @Option(help: "low, medium or high.") var riskTier: String
        @Option(name: .long, help: "A tag KEY=VALUE (repeatable).") var tag: [String] = []

        func run() throws {
            let tier = try RiskTier(parsing: riskTier)
            let tags = try TypedValue.parsePairs(tag, option: "--tag").mapValues(\.description)
            if let client = try remote.client(identity) {
                var act = ActRequest(act: .modelCreate)
                act.model = name
                act.owner = owner
                act.purpose = purpose
                act.riskTier = tier.rawValue
                act.tags = tags
                _ = try client.act(act)
            } else {
                try options.openRegistry().createModel(
                    name, owner: owner, purpose: purpose, riskTier: tier, tags: tags, by: try identity.signer())
            }
            Console.current.out("Created model \(name) (owner \(owner), risk tier \(tier.rawValue))")
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register the next version with its artifacts, datasets, code, parameters and metrics (data-scientist or admin).",
            discussion:
                "Files are recorded by SHA-256, size and name; a folder by the digest of its sorted manifest. Without --code, the git working tree around the first artifact gives the repository and commit, and a dirty tree is recorded as dirty."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Option(name: .long, help: "An artifact file or folder (repeatable).") var artifact: [String] = []
        @Option(name: .long, help: "A dataset ROLE=PATH, e.g. train=data/train.csv (repeatable).") var dataset: [String] = []
        @Option(name: .long, help: "REPOSITORY@COMMIT.") var code: String?
        @Option(name: .long, help: "A parameter K=V (repeatable; numbers, true/false and strings are typed).") var param: [String] = []
        @Option(name: .long, help: "A claimed metric K=V (repeatable).") var metric: [String] = []
        @Option(name: .long, help: "The parent version.") var parent: Int?
        @Option(name: .long) var framework: String?
        @Option(name: .long) var description: String?
        @Option(
            name: .long,
            help:
                "The software environment: a requirements.txt, pip freeze output, conda environment YAML or uv.lock (packages and digest recorded)."
        ) var environment: String?
        @Option(
            name: .long,
            help:
                "Record the Python environment of this virtual environment (or interpreter): its Python version and platform, pip freeze and its digest, and GPUs where nvidia-smi runs."
        ) var captureEnvironment: String?

        func validate() throws {
            guard environment == nil || captureEnvironment == nil else {
                throw ValidationError("--environment and --capture-environment are alternatives: give one")
            }
        }

        func run() throws {
            let console = Console.current
            let datasets = try dataset.enumerated().map { index, pair -> (role: String, url: URL) in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex, pair.index(after: equals) != pair.endIndex else {
                    throw CommandFailure.badInput("--dataset #\(index + 1) '\(pair)': expected ROLE=PATH, e.g. test=data/test.csv")
                }
                return (String(pair[..<equals]), console.url(String(pair[pair.index(after: equals)...])))
            }
            var request = VersionRequest(
                artifacts: artifact.map(console.url), datasets: datasets, code: try code.map(GitProbe.parse),
                params: try TypedValue.parsePairs(param, option: "--param"), metrics: try TypedValue.parsePairs(metric, option: "--metric"),
                parent: parent, framework: framework, description: description)
            request.environment = try environment.map { try EnvironmentReader.read(console.url($0)) }
            if let captureEnvironment { request.environment = try EnvironmentCapture.capture(console.url(captureEnvironment)) }
            let info: VersionInfo
            if let client = try remote.client(identity) {
                info = try RemoteActs.register(client, name, request)
            } else {
                let registry = try options.openRegistry()
                info = try registry.version(name, try registry.registerVersion(name, request, by: try identity.signer()))
            }
            let version = info.version
            if options.json { return try JSONOutput.print(info) }
            console.out("Registered \(name) v\(version) in entry \(info.registeredEntry)")
            for file in info.registration.artifacts { console.out("  artifact \(file.name)  \(file.digest)") }
            for file in info.registration.datasets { console.out("  dataset  \(file.role ?? "")=\(file.name)  \(file.digest)") }
            if let code = info.registration.code {
                console.out("  code     \(code.repository)@\(code.commit)\(code.dirty == true ? " (dirty)" : "")")
            }
            if let environment = info.registration.environment {
                console.out(
                    "  environment  \(environment.source), \(environment.packages.count) packages, \(environment.files.map { "\($0.name) \($0.digest)" }.joined(separator: ", "))"
                )
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List models.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        func run() throws {
            let models =
                if let client = try remote.client(identity) {
                    try client.get(RemoteModels.self, "/v1/models").models
                } else {
                    try options.openRegistry(readOnly: true).models()
                }
            if options.json { return try JSONOutput.print(models) }
            for model in models {
                Console.current.out(
                    "\(model.name.leftPad(20, right: true)) \(model.riskTier.leftPad(7, right: true)) \(model.versions) versions  production: \(model.production.map { "v\($0)" } ?? "-")  owner \(model.owner)"
                )
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a model, or one version.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int?
        /// `--at`, `--at-entry`, `--as-of`: the model as the ledger stood then, with the entries
        /// that establish it and their inclusion proofs.
        @OptionGroup var pastState: PastStateOptions
        @Option(name: .long, help: "With a past state: write each establishing entry's inclusion proof to DIR/entry-N.proof.")
        var proofs: String?

        func run() throws {
            let console = Console.current
            let point = try pastState.choice()
            if proofs != nil && !pastState.isGiven {
                throw CommandFailure.usage("--proofs writes the proofs of a past state: give --at, --at-entry or --as-of")
            }
            if let client = try remote.client(identity) {
                guard !pastState.isGiven else { throw CommandFailure.usage("--at, --at-entry and --as-of work on a local ledger only") }
                guard version == nil else { throw CommandFailure.usage("'model show NAME VERSION' works on a local ledger only") }
                let path = "/v1/models/" + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name)
                return try show(try client.get(ModelInfo.self, path))
            }
            let opened = try options.openRegistry(readOnly: true)
            let past = try ReportCommand.snapshot(
                at: point.entry, asOf: point.time, of: opened.ledger, timeOption: pastState.at != nil ? "--at" : "--as-of")
            let registry = past?.snapshot.registry ?? opened
            if let past, version == nil {
                let established: EstablishedState
                do {
                    established = try Failures.catching {
                        try EstablishedState.collect(model: name, snapshot: past.snapshot, ledger: opened.ledger)
                    }
                } catch let error as ReportError {
                    throw CommandFailure(error.message, exitCode: error.exitCode)
                }
                return try showPast(try registry.model(name), established)
            }
            if let past, !options.json { console.out("As the ledger stood at entry \(past.snapshot.entry):") }
            if let version {
                let info = try registry.version(name, version)
                if options.json { return try JSONOutput.print(info) }
                console.out(
                    LineageRenderer.text(try registry.lineage(name, version)).split(separator: "\n").prefix(while: { !$0.isEmpty }).joined(
                        separator: "\n"))
                console.out("stage \(info.stage) since \(info.stageSince), status \(info.status)")
                return
            }
            try show(try registry.model(name))
        }

        /// A past state: the model, then what establishes each version's stage, the checkpoint
        /// and the proofs (written to `--proofs DIR` when given).
        private func showPast(_ info: ModelInfo, _ established: EstablishedState) throws {
            if let proofs {
                let folder = Console.current.url(proofs)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for proof in established.proofs {
                    try Data(proof.proof.utf8).write(to: folder.appendingPathComponent("entry-\(proof.entry).proof"))
                }
            }
            if options.json { return try JSONOutput.print(PastModel(info: info, established: established)) }
            let console = Console.current
            console.out("As the ledger stood at entry \(established.entry):")
            try show(info)
            console.out("Established by:")
            for version in established.versions {
                var line = "  v\(version.version) \(version.stage): registered in entry \(version.registration)"
                if let decision = version.decision {
                    let approvals = version.approvals.map { "\($0.actor) (entry \($0.entry))" }
                    line += "; \(version.result ?? "allow") in entry \(decision), requested by \(version.requester ?? "?")"
                    line += ", approved by \(approvals.isEmpty ? "nobody" : approvals.joined(separator: ", "))"
                    if let policy = version.policyEntry { line += ", under the policy set of entry \(policy)" }
                }
                console.out(line)
            }
            guard let note = established.checkpoint, let checkpoint = note.split(separator: "\n").dropFirst().first else {
                console.out("No stored checkpoint covers these entries yet: run 'attest checkpoint', then ask again for their proofs.")
                return
            }
            let size = String(checkpoint)
            let entries = established.proofs.map { String($0.entry) }.joined(separator: ", ")
            console.out(
                "Inclusion proofs of entries \(entries) verified against the checkpoint of size \(size)\(proofs.map { ", written to \($0)" } ?? "")."
            )
        }

        private func show(_ info: ModelInfo) throws {
            let console = Console.current
            if options.json { return try JSONOutput.print(info) }
            console.out("\(info.model.model): \(TerminalText.escapeField(info.model.purpose))")
            console.out("owner \(info.model.owner), risk tier \(info.model.riskTier.rawValue), created \(info.created)")
            for version in info.versions {
                let extras =
                    (version.aliases.isEmpty ? "" : " aliases " + version.aliases.joined(separator: ","))
                    + version.deployments.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)%" }.joined()
                console.out(
                    "  v\(version.version)  \(version.stage.leftPad(11, right: true)) \(version.status.leftPad(10, right: true)) by \(version.registrant) \(version.registered)\(extras)"
                )
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "Every entry about a model, in order, with who and when.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String

        func run() throws {
            let snapshot = try remote.snapshot(identity)
            defer { snapshot?.remove() }
            let registry =
                try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let items = try Failures.catching { try registry.history(name) }
            if options.json { return try JSONOutput.print(items) }
            for item in items {
                Console.current.out(
                    "\(String(item.entry).leftPad(6))  \(item.time)  \(item.actor.leftPad(10, right: true)) \(item.highlight ? "!! " : "")\(TerminalText.escapeField(item.summary))"
                )
            }
        }
    }
}

/// `model show --at ... --json`: the model's fields, and `established`.
struct PastModel: Encodable {
    let info: ModelInfo
    let established: EstablishedState

    private enum Key: String, CodingKey { case established }

    func encode(to encoder: any Encoder) throws {
        try info.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(established, forKey: .established)
    }
}

/// `GET /v1/models`.
struct RemoteModels: Decodable {
    let models: [ModelSummary]
}
