import AttestLedger
import AttestRegistry
import AttestServer
import Foundation

/// Copies a served ledger into a new local file (`attest clone`, and the private snapshot a read
/// command takes with `--server`): every entry is re-appended with its own signature, checked
/// against the keys the copied log itself introduces, so the copy is byte for byte the served log.
enum RemoteLedgerCopy {
    /// Copies entries `0..<size` into a new ledger at `path`.
    /// - Parameters:
    ///   - client: the server's client (reading entries needs an actor of the ledger).
    ///   - size: how many entries to copy; `nil` copies what the server holds when the first page is read.
    ///   - path: the new file.
    /// - Returns: the copy, open for writing.
    /// - Throws: `CommandFailure` (exit 1) when the served entries do not chain or verify.
    static func copy(_ client: ServerClient, size: UInt64?, to path: String) throws -> Ledger {
        var start: UInt64 = 0
        var ledger: Ledger?
        var total = size
        repeat {
            let page = try client.get(EntriesBody.self, "/v1/entries?start=\(start)&limit=1000")
            if total == nil { total = page.size }
            guard let total, total > 0 else { throw CommandFailure.refused("the served ledger is empty") }
            let entries = try page.entries.prefix(Int(min(UInt64(page.entries.count), total - start))).map { body in
                guard let leaf = Data(base64Encoded: body.leaf) else {
                    throw CommandFailure.refused("entry \(body.sequence): a leaf that is not base64")
                }
                return try EntryEncoding.decode(leaf: Array(leaf))
            }
            guard !entries.isEmpty else { throw CommandFailure.refused("the server sent no entries from \(start) on") }
            var rest = entries[...]
            if ledger == nil { ledger = try create(path, genesis: rest.removeFirst()) }
            try append(rest, to: ledger!)
            start += UInt64(entries.count)
        } while start < total!
        return ledger!
    }

    /// Reads the checkpoint the server serves, copies the entries it covers (or, with `whole`,
    /// every entry the server holds by then) into a new ledger at `path`, and checks that the
    /// copy has the checkpoint's root at its size, the checkpoint being signed by the log key of
    /// the copied genesis (`attest clone`, and the snapshots of commands that cite a checkpoint).
    /// - Returns: the copy, open for writing, and the checkpoint as served and as checked.
    /// - Throws: `CommandFailure` (exit 1) when the served log is not consistent with it.
    static func copyToServedCheckpoint(
        _ client: ServerClient, to path: String, whole: Bool = false
    ) throws -> (ledger: Ledger, served: CheckpointBody, checkpoint: SignedCheckpoint) {
        let served = try client.get(CheckpointBody.self, "/v1/checkpoint")
        guard served.size > 0 else { throw CommandFailure.refused("the served checkpoint is empty") }
        let ledger = try copy(client, size: whole ? nil : served.size, to: path)
        let signed: SignedCheckpoint
        do { signed = try SignedCheckpoint(parsing: served.note, logKey: ledger.logKey) } catch let error as LedgerError {
            throw CommandFailure.refused(
                "the checkpoint the server serves does not verify with the log key \(ledger.logKey): \(error.message)")
        }
        guard signed.checkpoint.size == served.size, served.size <= (try ledger.size()),
            try ledger.root(size: served.size) == signed.checkpoint.root
        else {
            throw CommandFailure.refused(
                "the copied entries do not have the served checkpoint's root: the server's log is not consistent with it")
        }
        return (ledger, served, signed)
    }

    private static func append(_ entries: ArraySlice<Entry>, to ledger: Ledger) throws {
        try ledger.write { writer in
            for entry in entries {
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

/// A private copy of a served ledger for one read command (`log`, `report inventory` with
/// `--server`), in a temporary folder removed afterwards: the command then reads it exactly as
/// it reads a local file, so the output is the same.
struct RemoteSnapshot {
    /// The copy's folder.
    let folder: URL
    /// The copy.
    let path: String

    /// Copies everything the server holds now.
    /// - Throws: `CommandFailure` as ``RemoteLedgerCopy/copy(_:size:to:)``.
    /// - Parameters:
    ///   - client: the server's client.
    ///   - checkpointed: also store the checkpoint the server serves in the copy (after checking
    ///     the copy against it), for commands that cite one (`report`, `prove`, `export`): they
    ///     find it as they find a stored checkpoint in a local file, without the log key.
    init(_ client: ServerClient, checkpointed: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("served.ledger").path
        do {
            if checkpointed {
                let copied = try RemoteLedgerCopy.copyToServedCheckpoint(client, to: path, whole: true)
                try copied.ledger.store(checkpoint: copied.served.note)
            } else {
                _ = try RemoteLedgerCopy.copy(client, size: nil, to: path)
            }
        } catch {
            remove()
            throw error
        }
    }

    /// Removes the copy.
    func remove() { try? FileManager.default.removeItem(at: folder) }
}
