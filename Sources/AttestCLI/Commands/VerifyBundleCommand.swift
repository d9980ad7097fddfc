import ArgumentParser

/// Placeholder: `attest verify-bundle` is being built.
struct VerifyBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-bundle", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws { throw CommandFailure.badInput("'attest verify-bundle' is not available yet") }
}
