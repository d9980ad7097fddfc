import ArgumentParser
import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

struct ApprovalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approval", abstract: "List a version's approvals and rejections, or withdraw your own.",
        subcommands: [Withdraw.self, List.self])

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: "Withdraw your approvals and rejections of a version for a stage (a withdrawn rejection stops blocking).")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "The target stage.") var to: String

        func run() throws {
            let stage = try Stage(parsing: to)
            let entry: UInt64
            if let client = try remote.client(identity) {
                entry = try RemoteActs.review(client, .approvalWithdraw, name, version: version, stage: stage, comment: nil)
            } else {
                entry = try options.openRegistry().withdrawReview(name, version: version, for: stage, by: try identity.signer())
            }
            if options.json { return try JSONOutput.print(["entry": entry]) }
            Console.current.out("Withdrawn in entry \(entry)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Every approval and rejection of a version, with the roles held when signing.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let reviews = try registry.reviews(name, version: version)
            if options.json { return try JSONOutput.print(reviews) }
            if reviews.isEmpty { return Console.current.out("No approvals or rejections of \(name) v\(version).") }
            for review in reviews {
                var notes: [String] = []
                if let withdrawn = review.withdrawnBy { notes.append("withdrawn in entry \(withdrawn)") }
                if review.isStale {
                    notes.append(
                        "stale: newer evidence in entr\(review.newerEvidence.count == 1 ? "y" : "ies") \(review.newerEvidence.map(String.init).joined(separator: ", "))"
                    )
                }
                if review.verdict == "approve", !review.newerMonitoring.isEmpty {
                    notes.append(
                        "newer monitoring in \(review.newerMonitoring.map(String.init).joined(separator: ", ")) (stale only under stale_on_monitoring rules)"
                    )
                }
                Console.current.out(
                    "\(String(review.entry).leftPad(6))  \(review.time)  \(review.verdict.leftPad(7, right: true)) \(review.stage.leftPad(11, right: true)) \(review.actor) (\(review.roles.joined(separator: ", ")))"
                        + (review.comment.map { "  \"\(TerminalText.escapeField($0))\"" } ?? "")
                        + (notes.isEmpty ? "" : "  [\(notes.joined(separator: "; "))]"))
            }
        }
    }
}
