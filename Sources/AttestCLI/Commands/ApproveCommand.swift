import ArgumentParser

/// Placeholder: `attest approve` is being built.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest approve' is not available yet") }
}
