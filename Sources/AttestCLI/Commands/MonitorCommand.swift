import ArgumentParser

/// Placeholder: `attest monitor` is being built.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitor", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest monitor' is not available yet") }
}
