import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

extension ModelCommand {
    /// `attest model scope NAME ...`: the model's SR 26-2 and EU AI Act scoping, signed by its owner.
    struct Scope: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scope",
            abstract:
                "Record a model's regulatory scoping: SR 26-2 (is it a model, why; generative or agentic) and its EU AI Act class (owner or admin).",
            discussion:
                "A later scoping replaces an earlier one; reports and the inventory show the latest with its entry. Generative and agentic models are flagged as outside SR 26-2's scope (docs/registry.md, \"Scoping\")."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The model's name.") var name: String
        @Option(name: .customLong("is-model"), help: "yes or no: is it a model in SR 26-2's sense?") var isModel: String
        @Option(help: "Why it is (or is not) a model.") var rationale: String
        @Flag(help: "It is a generative model.") var generative = false
        @Flag(help: "It is an agentic system.") var agentic = false
        @Option(
            name: .customLong("eu-ai-act"),
            help: "The EU AI Act risk class: prohibited, high, limited, minimal, gpai or not-applicable.")
        var euAIAct: String
        @Option(name: .customLong("eu-ai-act-rationale"), help: "Why that class (e.g. the Annex III point).") var euAIActRationale: String?

        func run() throws {
            let answer: Bool
            switch isModel.lowercased() {
            case "yes", "true": answer = true
            case "no", "false": answer = false
            default: throw CommandFailure.badInput("--is-model '\(isModel)' must be yes or no")
            }
            let scoping = ModelScoped(
                model: name, isModel: answer, rationale: rationale, generative: generative, agentic: agentic,
                euAIActClass: euAIAct.lowercased(), euAIActRationale: euAIActRationale)
            let entry: UInt64
            if let client = try remote.client(identity) {
                var request = ActRequest(act: .modelScope)
                request.scoping = scoping
                guard let recorded = try client.act(request).result?["entry"]?.integerValue else { throw RemoteActs.unreadable(client) }
                entry = UInt64(recorded)
            } else {
                entry = try options.openRegistry().recordScoping(scoping, by: try identity.signer())
            }
            if options.json { return try JSONOutput.print(["entry": Int(entry)]) }
            let scope = scoping.inSR262Scope ? "in SR 26-2's scope" : "outside SR 26-2's scope"
            Console.current.out("Recorded the scoping of \(name) in entry \(entry): \(scope), EU AI Act \(scoping.euAIActClass)")
        }
    }
}
