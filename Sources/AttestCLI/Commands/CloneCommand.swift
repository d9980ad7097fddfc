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
        let path = Console.current.url(file).path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.badInput("\(path) exists already; clone writes a new file")
        }
        let checkpoint: CheckpointBody
        do {
            checkpoint = try RemoteLedgerCopy.copyToServedCheckpoint(client, to: path).served
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
}
