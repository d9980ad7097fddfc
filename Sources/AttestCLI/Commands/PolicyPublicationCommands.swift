import ArgumentParser
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation

extension PolicyCommand {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Record the policy set in the ledger (policy-admin): every file's bytes and SHA-256, and the set's hash.",
            discussion:
                "The set's hash is the SHA-256 of the sha256sum-style listing of its files sorted by path (docs/governance.md). The set governs once its publication quorum (default 2: the publisher and a second policy-admin or risk-officer, 'attest policy approve') stands behind it; until then the previous set governs. Publishing the set already in force or already pending records nothing and exits 0."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The policy directory.") var directory = "policies"

        func run() throws {
            let console = Console.current
            let set = try PolicyFiles.load(directory)
            let published: (info: PolicySetInfo?, message: String?)
            if let client = try remote.client(identity) {
                var act = ActRequest(act: .policyPublish)
                act.policyFiles = set.files.map { PolicySourceFileWire(path: $0.path, content: Data($0.bytes).base64EncodedString()) }
                published = try RemoteActs.policy(client, act)
            } else {
                do {
                    published = (try options.openRegistry().publishPolicySet(set.files, by: try identity.signer()), nil)
                } catch let error as RegistryError where error.code == .alreadyExists {
                    published = (nil, error.message)
                }
            }
            guard let info = published.info else {
                let message = published.message ?? ""
                if options.json { return try JSONOutput.print(["published": false, "message": message] as [String: Any]) }
                return console.out(message)
            }
            if options.json { return try JSONOutput.print(info) }
            console.out("Published policy set \(info.hash) in entry \(info.entry) (\(info.files.count) files)")
            for file in info.files { console.out("  \(file.digest)  \(file.path)") }
            console.out(PolicyText.status(info))
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve a pending policy publication (policy-admin or risk-officer other than its publisher).",
            discussion:
                "A publication governs once its quorum ('publication_quorum' in settings.yaml, at least 2 for a set that governs production) stands behind it. Only the latest publication can be approved. Review it first with 'attest policy diff'."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument(help: "The publication's entry (default: the latest publication).") var entry: UInt64?
        @Option(name: .long, help: "Why, in your words (recorded).") var comment: String?

        func run() throws {
            let info: PolicySetInfo
            if let client = try remote.client(identity) {
                var act = ActRequest(act: .policyApprove)
                act.publication = entry
                act.comment = comment
                guard let approved = try RemoteActs.policy(client, act).info else {
                    throw CommandFailure("the server at \(client.base) answered without the publication", exitCode: AttestExit.system)
                }
                info = approved
            } else {
                info = try options.openRegistry().approvePolicySet(publication: entry, comment: comment, by: try identity.signer())
            }
            if options.json { return try JSONOutput.print(info) }
            Console.current.out("Approved policy set \(info.hash) (entry \(info.entry))")
            Console.current.out(PolicyText.status(info))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The policy set in force: hash, files, who published and approved it; and any publication pending approval.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Flag(name: .long, help: "Also print the policy files' text.") var content = false

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let console = Console.current
            let pending = try registry.pendingPolicySet()
            guard let info = try registry.policySetInForce() else {
                if let pending {
                    if options.json { return try JSONOutput.print(["inForce": nil, "pending": pending] as [String: PolicySetInfo?]) }
                    console.out("No policy set is in force yet.")
                    console.out("Pending: policy set \(pending.hash) (entry \(pending.entry)); \(PolicyText.status(pending))")
                    throw CommandFailure.refused("no policy set is in force: the publication in entry \(pending.entry) awaits approval")
                }
                throw CommandFailure.refused("no policy set has been published; publish one with 'attest policy publish'")
            }
            if options.json { return try JSONOutput.print(info) }
            console.out("Policy set \(info.hash)")
            console.out("  published in entry \(info.entry) by \(info.publisher) at \(info.published)")
            console.out("  \(PolicyText.status(info))")
            for file in info.files { console.out("  \(file.digest)  \(String(file.size).leftPad(7)) B  \(file.path)") }
            if let pending {
                console.out("Pending: policy set \(pending.hash) (entry \(pending.entry)); \(PolicyText.status(pending))")
            }
            if content {
                for file in try registry.publishedPolicySet(at: info.entry).files {
                    console.out("\n--- \(file.path)")
                    console.out(String(decoding: file.bytes, as: UTF8.self))
                }
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Every policy publication: who stood behind it, and from which entry to which it governed.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let history = try registry.policyHistory()
            if options.json { return try JSONOutput.print(history) }
            if history.isEmpty { return Console.current.out("No policy set has been published.") }
            for info in history {
                let span: String
                switch (info.effective, info.replacedBy) {
                case (let effective?, let next?): span = "governed entries \(effective + 1)-\(next - 1)"
                case (let effective?, nil): span = "governs from entry \(effective + 1) (in force)"
                case (nil, .some): span = "never governed (replaced before its quorum)"
                case (nil, nil): span = "pending: \(info.approvers.count) of \(info.quorum)"
                }
                Console.current.out(
                    "\(String(info.entry).leftPad(6))  \(info.published)  \(info.publisher.leftPad(12, right: true)) \(info.hash)  \(info.files.count) files, approved by \(info.approvers.joined(separator: ", ")); \(span)"
                )
            }
        }
    }
}

/// Sentences about a publication's standing.
enum PolicyText {
    static func status(_ info: PolicySetInfo) -> String {
        let who = info.approvers.joined(separator: ", ")
        if let effective = info.effective, let next = info.replacedBy {
            return "governed from entry \(effective) until replaced by the publication in entry \(next); approved by \(who)"
        }
        if let effective = info.effective {
            return "in force since entry \(effective): \(info.approvers.count) of \(info.quorum) people stand behind it (\(who))"
        }
        return
            "pending: \(info.approvers.count) of \(info.quorum) people stand behind it (\(who)); until a policy-admin or risk-officer "
            + "other than \(info.publisher) approves it with 'attest policy approve \(info.entry)', the previous set governs"
    }
}
