import ArgumentParser

/// Placeholder: `attest approval` is being built.
struct ApprovalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approval", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest approval' is not available yet") }
}
