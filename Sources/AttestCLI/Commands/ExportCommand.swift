import ArgumentParser

/// Placeholder: `attest export` is being built.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest export' is not available yet") }
}
