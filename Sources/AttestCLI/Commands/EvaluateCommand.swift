import ArgumentParser

/// Placeholder: `attest evaluate` is being built.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest evaluate' is not available yet") }
}
