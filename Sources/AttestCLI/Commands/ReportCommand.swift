import ArgumentParser

/// Placeholder: `attest report` is being built.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest report' is not available yet") }
}
