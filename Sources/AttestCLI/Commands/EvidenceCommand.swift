import ArgumentParser

/// Placeholder: `attest evidence` is being built.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evidence", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest evidence' is not available yet") }
}
