import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign off a version for a target stage (validator, risk-officer or admin).",
        discussion: """
            The approval is signed by the approver and bound to the version's artifact digests and the \
            evidence recorded so far; newer evidence makes it stale. Approving your own work is recorded, \
            but a policy that excludes the registrant, requester or owner sets it aside.
            """)
    @OptionGroup var options: LedgerOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var remote: RemoteOptions
    @Argument var name: String
    @Argument var version: Int
    @Option(name: .long, help: "The target stage.") var to: String
    @Option(name: .long, help: "A comment for the record.") var comment: String?

    func run() throws {
        let stage = try Stage(parsing: to)
        let entry =
            if let client = try remote.client(identity) {
                try RemoteActs.review(client, .approve, name, version: version, stage: stage, comment: comment)
            } else {
                try options.openRegistry().approve(name, version: version, for: stage, comment: comment, by: try identity.signer())
            }
        if options.json { return try JSONOutput.print(["entry": entry, "verdict": "approve"] as [String: Any]) }
        Console.current.out("Approved \(name) v\(version) for \(stage.rawValue) in entry \(entry)")
    }
}
