import ArgumentParser
import AttestLedger
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Read the log's entries.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List entries, oldest first.")

        @OptionGroup var options: LedgerOptions

        @Option(name: .long, help: "Only entries of this type (repeatable).")
        var type: [String] = []

        @Option(name: .long, help: "Only entries at or after this time (ISO 8601, e.g. 2026-11-23T10:00:00Z, or a date).")
        var since: String?

        @Option(name: .long, help: "Show at most this many entries (the newest).")
        var limit: Int?

        func run() throws {
            let ledger = try options.openLedger(readOnly: true)
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
        static let configuration = CommandConfiguration(abstract: "Show one entry in full.")

        @OptionGroup var options: LedgerOptions

        @Argument(help: "The entry's sequence number.")
        var sequence: UInt64

        @Option(name: .long, help: "Also write the entry's exact leaf bytes (body and signature) to this file.")
        var leafOut: String?

        func run() throws {
            let ledger = try options.openLedger(readOnly: true)
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
        payload = JSONValue(bytes: entry.payload)
    }
}

/// Arbitrary JSON, decoded for printing inside other JSON.
enum JSONValue: Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Decodes payload bytes; bytes that are not JSON become a string.
    init(bytes: [UInt8]) {
        self = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .string(String(decoding: bytes, as: UTF8.self))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension String {
    func leftPad(_ width: Int, right: Bool = false) -> String {
        count >= width
            ? self : (right ? self + String(repeating: " ", count: width - count) : String(repeating: " ", count: width - count) + self)
    }
}
