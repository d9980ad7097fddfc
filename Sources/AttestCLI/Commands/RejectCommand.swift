import ArgumentParser

/// Placeholder: `attest reject` is being built.
struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest reject' is not available yet") }
}
