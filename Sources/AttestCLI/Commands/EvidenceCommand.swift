import ArgumentParser
import AttestIntegrations
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Attach evidence documents (model card, validation report, ...) to a version.",
        subcommands: [Attach.self, List.self])

    struct Attach: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attach",
            abstract: "Record a document's SHA-256, size and kind for a version (data-scientist, validator or admin).",
            discussion:
                "--store also keeps the bytes (base64) so reports and bundles can show them; at most 8 MiB. New evidence makes earlier approvals stale."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "The kind the policies ask for, e.g. model_card, validation_report.") var kind: String
        @Option(name: .long, help: "The document.") var file: String
        @Flag(name: .long, help: "Keep the document's bytes in the ledger (at most 8 MiB).") var store = false
        @Option(name: .long, help: "With --kind model_signature: the model folder registered as the version's artifact.")
        var artifact: String?
        @Option(name: .long, help: "With --kind model_signature: the signer's PEM public key (P-256 or P-384).")
        var publicKey: String?
        @Option(name: .long, help: "With --kind model_signature: the PEM root certificate the signing certificate must chain to.")
        var root: String?

        func run() throws {
            let url = Console.current.url(file)
            if kind == ModelSignatureEvidence.kind || artifact != nil || publicKey != nil || root != nil {
                if remote.url != nil { throw CommandFailure.usage("--kind \(ModelSignatureEvidence.kind) works on a local ledger only") }
                return try ModelSignatureAttach(attach: self).run(file: url)
            }
            if let client = try remote.client(identity) {
                let attached = try RemoteActs.attachEvidence(client, model: name, version: version, kind: kind, file: url, store: store)
                if options.json { return try JSONOutput.print(attached) }
                return Console.current.out(
                    "Attached \(kind) \(url.lastPathComponent) (\(attached.digest)) to \(name) v\(version) in entry \(attached.entry)\(store ? ", bytes stored" : "")"
                )
            }
            let registry = try options.openRegistry()
            let entry = try registry.attachEvidence(name, version: version, kind: kind, file: url, store: store, by: try identity.signer())
            let info = try registry.evidence(name, version: version).first { $0.entry == entry }
            if options.json, let info { return try JSONOutput.print(info) }
            Console.current.out(
                "Attached \(kind) \(url.lastPathComponent) (\(info?.digest ?? "")) to \(name) v\(version) in entry \(entry)\(store ? ", bytes stored" : "")"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The evidence documents of a version.")
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int

        func run() throws {
            let snapshot = try remote.snapshot(identity)
            defer { snapshot?.remove() }
            let registry =
                try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let documents = try Failures.catching { try registry.evidence(name, version: version) }
            if options.json { return try JSONOutput.print(documents) }
            for document in documents {
                Console.current.out(
                    "\(String(document.entry).leftPad(6))  \(document.time)  \(document.kind.leftPad(20, right: true)) \(document.digest)")
            }
        }
    }
}
