import ArgumentParser
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Copy a served ledger into a new file, for offline 'attest verify'.",
        discussion: """
            Reads the server's checkpoint, then every entry up to its size; each entry is re-appended \
            with its own signature (checked against the keys the copied log itself introduces), so the \
            copy is byte for byte the served log. The copy's root must equal the checkpoint's, whose \
            signature is checked with the log key of the copied genesis; the checkpoint is written \
            next to the copy as FILE.checkpoint (verify with 'attest verify --ledger FILE --checkpoint \
            FILE.checkpoint'). Reading entries needs an actor of the ledger (--as).
            """)

    @OptionGroup var identity: IdentityOptions
    @Flag(name: .long, help: "Print machine-readable JSON.") var json = false
    @Argument(help: "The server, e.g. http://127.0.0.1:8080.") var url: String
    @Argument(help: "The new ledger file.") var file: String

    func run() throws {
        let client = try ServerClient(url: url, signer: try identity.signer())
        let checkpoint = try client.get(CheckpointBody.self, "/v1/checkpoint")
        let path = Console.current.url(file).path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.badInput("\(path) exists already; clone writes a new file")
        }
        do {
            try copy(client, checkpoint: checkpoint, to: path)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        let checkpointPath = path + ".checkpoint"
        try OutputFile.write(checkpoint.note, to: checkpointPath)
        if json {
            try JSONOutput.print(["entries": checkpoint.size, "root": checkpoint.root, "wrote": [path, checkpointPath]] as [String: Any])
        } else {
            Console.current.out("Cloned \(checkpoint.size) entries of \(checkpoint.origin) into \(path)")
            Console.current.out("Wrote \(checkpointPath)")
        }
    }

    private func copy(_ client: ServerClient, checkpoint: CheckpointBody, to path: String) throws {
        guard checkpoint.size > 0 else { throw CommandFailure.refused("the served checkpoint is empty") }
        var start: UInt64 = 0
        var ledger: Ledger?
        while start < checkpoint.size {
            let page = try client.get(EntriesBody.self, "/v1/entries?start=\(start)&limit=1000")
            let entries = try page.entries.prefix(Int(min(UInt64(page.entries.count), checkpoint.size - start))).map { body in
                guard let leaf = Data(base64Encoded: body.leaf) else {
                    throw CommandFailure.refused("entry \(body.sequence): a leaf that is not base64")
                }
                return try EntryEncoding.decode(leaf: Array(leaf))
            }
            guard !entries.isEmpty else { throw CommandFailure.refused("the server sent no entries from \(start) on") }
            var rest = entries[...]
            if ledger == nil { ledger = try Self.create(path, genesis: rest.removeFirst()) }
            try ledger!.write { writer in
                for entry in rest {
                    guard entry.sequence == writer.size else { throw CommandFailure.refused("entry \(entry.sequence) out of order") }
                    guard let key = writer.directory.validKey(entry.signer, at: entry.sequence)?.key else {
                        throw CommandFailure.refused("entry \(entry.sequence): its signer is not a key the log had introduced")
                    }
                    let signer = Signer(remote: key) { body in
                        guard body == entry.body else { throw CommandFailure.refused("entry \(entry.sequence) does not chain") }
                        return entry.signature
                    }
                    try writer.append(EntryDraft(type: entry.type, payload: entry.payload), signer: signer, timeMicros: entry.timeMicros)
                }
            }
            start += UInt64(entries.count)
        }
        let genesis = try JSONDecoder().decode(GenesisPayload.self, from: Data(try ledger!.entry(at: 0).payload))
        let signed = try SignedCheckpoint(parsing: checkpoint.note, logKey: try VerifierKey(parsing: genesis.logKey))
        guard signed.checkpoint.size == checkpoint.size, try ledger!.root(size: checkpoint.size) == signed.checkpoint.root else {
            throw CommandFailure.refused(
                "the copied entries do not have the served checkpoint's root: the server's log is not consistent with it")
        }
    }

    /// Creates the copy with the served genesis (its own signature, its own time).
    private static func create(_ path: String, genesis: Entry) throws -> Ledger {
        guard genesis.sequence == 0, genesis.type == LedgerEntryType.genesis else {
            throw CommandFailure.refused("entry 0 is not a genesis")
        }
        let payload = try JSONDecoder().decode(GenesisPayload.self, from: Data(genesis.payload))
        let admin = Signer(remote: try VerifierKey(parsing: payload.admin)) { body in
            guard body == genesis.body else { throw CommandFailure.refused("the genesis does not re-encode to its signed body") }
            return genesis.signature
        }
        let time = Date(timeIntervalSince1970: (Double(genesis.timeMicros) + 0.5) / 1_000_000)
        return try Ledger.create(
            at: path, origin: payload.origin, logKey: try VerifierKey(parsing: payload.logKey), admin: admin, clock: { time },
            projectors: Registry.projectors)
    }
}
