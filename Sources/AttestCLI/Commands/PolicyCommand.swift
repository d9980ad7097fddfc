import ArgumentParser

/// Placeholder: `attest policy` is being built.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest policy' is not available yet") }
}
