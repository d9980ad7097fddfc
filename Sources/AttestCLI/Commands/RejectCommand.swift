import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a version for a target stage (validator, risk-officer or admin); blocks promotion until withdrawn.",
        discussion: "Withdraw it with 'attest approval withdraw NAME VERSION --to STAGE'.")
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long, help: "The target stage.") var to: String
    @Option(name: .long, help: "Why (recorded).") var comment: String?

    func run() throws {
        let stage = try Stage(parsing: to)
        let entry =
            if let client = try remote.client(identity) {
                try RemoteActs.review(client, .reject, name, version: version, stage: stage, comment: comment)
            } else {
                try options.openRegistry().reject(name, version: version, for: stage, comment: comment, by: try identity.signer())
            }
        if options.json { return try JSONOutput.print(["entry": entry, "verdict": "reject"] as [String: Any]) }
        Console.current.out("Rejected \(name) v\(version) for \(stage.rawValue) in entry \(entry)")
    }
}
