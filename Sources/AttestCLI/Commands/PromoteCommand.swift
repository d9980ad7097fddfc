import ArgumentParser

/// Placeholder: `attest promote` is being built.
struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest promote' is not available yet") }
}
