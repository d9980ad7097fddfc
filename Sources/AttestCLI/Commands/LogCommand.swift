import ArgumentParser
import AttestLedger
import AttestReports
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Read the log's entries.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List entries, oldest first.")

        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        @Option(name: .long, help: "Only entries of this type (repeatable).")
        var type: [String] = []

        @Option(name: .long, help: "Only entries at or after this time (ISO 8601, e.g. 2026-11-23T10:00:00Z, or a date).")
        var since: String?

        @Option(name: .long, help: "Show at most this many entries (the newest).")
        var limit: Int?

        func run() throws {
            let snapshot = try remote.snapshot(identity)
            defer { snapshot?.remove() }
            let ledger = try snapshot.map { try Ledger.open(at: $0.path, readOnly: true) } ?? options.openLedger(readOnly: true)
            let sinceDate = try since.map { try TimeParsing.parse($0, option: "--since") }
            var entries = try ledger.entries(types: type, since: sinceDate)
            if let limit, entries.count > limit { entries = Array(entries.suffix(max(limit, 0))) }
            let directory = try ledger.keyDirectory()
            if options.json {
                try JSONOutput.print(entries.map { EntryView($0, directory: directory) })
                return
            }
            for entry in entries {
                let view = EntryView(entry, directory: directory)
                Console.current.out(
                    "\(String(entry.sequence).leftPad(6))  \(view.time)  \(view.signer.leftPad(12, right: true))  \(entry.type)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one entry in full.")

        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions

        @Argument(help: "The entry's sequence number.")
        var sequence: UInt64

        @Option(name: .long, help: "Also write the entry's exact leaf bytes (body and signature) to this file.")
        var leafOut: String?

        func run() throws {
            let snapshot = try remote.snapshot(identity)
            defer { snapshot?.remove() }
            let ledger = try snapshot.map { try Ledger.open(at: $0.path, readOnly: true) } ?? options.openLedger(readOnly: true)
            let entry = try ledger.entry(at: sequence)
            let view = EntryView(entry, directory: try ledger.keyDirectory())
            if let leafOut {
                let url = Console.current.url(leafOut)
                do { try Data(entry.leaf).write(to: url) } catch {
                    throw CommandFailure.badInput("\(url.path): cannot write the leaf bytes")
                }
            }
            if options.json {
                try JSONOutput.print(view)
                return
            }
            let console = Console.current
            console.out("entry      \(entry.sequence)")
            console.out("type       \(entry.type)")
            console.out("time       \(view.time)")
            console.out("signer     \(view.signer) (\(entry.signer.hex))")
            console.out("previous   \(entry.previousHash.hex)")
            console.out("leaf hash  \(view.leafHash)")
            console.out("signature  \(view.signature)")
            console.out("payload    \(entry.payloadText)")
        }
    }
}

/// An entry as printed by `log` and `log show`.
struct EntryView: Encodable {
    let sequence: UInt64
    let time: String
    let type: String
    let signer: String
    let signerFingerprint: String
    let previousHash: String
    let leafHash: String
    let signature: String
    let payload: JSONValue

    init(_ entry: Entry, directory: KeyDirectory) {
        sequence = entry.sequence
        time = TimeParsing.format(entry.timeMicros)
        type = entry.type
        signer = directory.records[entry.signer]?.key.name ?? "unknown"
        signerFingerprint = entry.signer.hex
        previousHash = entry.previousHash.hex
        leafHash = entry.leafHash.hex
        signature = Data(entry.signature).base64EncodedString()
        payload = JSONValue(parsing: entry.payload) ?? .string(String(decoding: entry.payload, as: UTF8.self))
    }
}

extension String {
    func leftPad(_ width: Int, right: Bool = false) -> String {
        count >= width
            ? self : (right ? self + String(repeating: " ", count: width - count) : String(repeating: " ", count: width - count) + self)
    }
}
