import AttestLedger
import Foundation

/// The witness's state folder (docs/witnesses.md):
///
/// ```
/// logs.txt                       the logs witnessed: one log verifier key per line ('#' comments)
/// state/<sha256(origin) hex>     per log: the latest checkpoint cosigned, with the cosignature (StateSlots)
/// evidence/<sha256(body) hex>    refused requests that prove misbehaviour: the checkpoint and proof shown
/// ```
///
/// Every file is written durably before the witness answers: log states in place in one of two
/// slots (`StateSlots`), everything else replaced (temporary file, fsync, rename, folder fsync).
public struct WitnessStore: Sendable {
    /// The state folder.
    public let folder: URL

    static let evidenceHeader = "attest.dev/witness-evidence@v1"

    /// Opens (creating if needed) a state folder.
    /// - Throws: `WitnessError` (`.storage`) when the folders cannot be made.
    public init(folder: URL) throws {
        self.folder = folder
        try DurableFile.makeFolder(folder)
        try DurableFile.makeFolder(folder.appendingPathComponent("state"))
        try DurableFile.makeFolder(folder.appendingPathComponent("evidence"))
    }

    /// The log list file.
    public var logsFile: URL { folder.appendingPathComponent("logs.txt") }

    /// The logs listed in `logs.txt` (none when it does not exist).
    /// - Throws: `WitnessError` (`.badInput`) naming the line of a malformed key.
    public func listedLogs() throws -> [VerifierKey] {
        guard let data = FileManager.default.contents(atPath: logsFile.path) else { return [] }
        var keys: [VerifierKey] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            do { keys.append(try VerifierKey(parsing: text)) } catch let error as LedgerError {
                throw WitnessError(.badInput, "\(logsFile.path):\(index + 1): \(error.message)")
            }
        }
        return keys
    }

    /// Adds a log to `logs.txt` durably (no change when it is listed already).
    /// - Returns: whether the list changed.
    @discardableResult
    public func addLog(_ key: VerifierKey) throws -> Bool {
        let listed = try listedLogs()
        guard !listed.contains(key) else { return false }
        let text = (listed + [key]).map { $0.description + "\n" }.joined()
        try DurableFile.write(Array(text.utf8), to: logsFile)
        return true
    }

    /// The file holding one log's state.
    func stateFile(origin: String) -> URL {
        folder.appendingPathComponent("state").appendingPathComponent(SHA256.hash(Array(origin.utf8)).hex)
    }

    /// Loads a log's latest cosigned checkpoint (from either state file format).
    /// - Returns: `nil` when the witness never cosigned for this origin.
    /// - Throws: `WitnessError` (`.storage`) for an unreadable or malformed state file, or one
    ///   whose two slots are both torn.
    func loadState(origin: String) throws -> LogState? {
        let url = stateFile(origin: origin)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let bytes = Array(data)
        let note: String
        let sequence: UInt64
        if bytes.count == 2 * StateSlots.slotSize {
            // Known by its size, not its first bytes: a write torn at slot 0's header leaves
            // the file starting with anything, and slot 1 is still to be read. (A first-format
            // file holds one note of at most 64 KiB, never this size.)
            guard let slot = StateSlots.newest(in: bytes) else {
                throw WitnessError(.storage, "\(url.path): neither state slot is intact (both fail their SHA-256)")
            }
            (note, sequence) = (slot.note, slot.sequence)
        } else if bytes.starts(with: Array((StateSlots.legacyHeader + "\n").utf8)) {
            note = String(decoding: bytes.dropFirst(StateSlots.legacyHeader.utf8.count + 1), as: UTF8.self)
            sequence = 0
        } else {
            throw WitnessError(.storage, "\(url.path): not a witness state file")
        }
        do {
            let parsed = try SignedNote(parsing: note)
            let checkpoint = try Checkpoint(parsing: parsed.text)
            guard checkpoint.origin == origin else {
                throw WitnessError(.storage, "\(url.path): holds origin '\(checkpoint.origin)', expected '\(origin)'")
            }
            return LogState(size: checkpoint.size, root: checkpoint.root, note: parsed.serialized, sequence: sequence)
        } catch let error as LedgerError {
            throw WitnessError(.storage, "\(url.path): \(error.message)")
        }
    }

    /// Records a log's new state durably: in place, in the slot that does not hold the current
    /// state, when the file is already in the two-slot format; otherwise by laying out a whole
    /// new file and replacing the old one.
    /// - Parameters:
    ///   - origin: the log.
    ///   - note: the cosigned checkpoint note.
    ///   - previous: the state it replaces (`nil` for the first).
    /// - Returns: the state now recorded.
    func saveState(origin: String, size: UInt64, root: Digest, note: String, replacing previous: LogState?) throws -> LogState {
        let url = stateFile(origin: origin)
        if let previous, previous.sequence > 0 {
            let slot = StateSlots.Slot(sequence: previous.sequence + 1, note: note)
            try StateSlots.overwrite(slot, in: url)
            return LogState(size: size, root: root, note: note, sequence: slot.sequence)
        }
        // Slot 0 holds even sequences: the first in-place save (sequence 3) then writes slot 1.
        let slot = StateSlots.Slot(sequence: 2, note: note)
        try DurableFile.write(try StateSlots.freshFile(slot), to: url)
        return LogState(size: size, root: root, note: note, sequence: slot.sequence)
    }

    /// Keeps a refused request as evidence (once per distinct request).
    /// - Parameters:
    ///   - body: the request body as received.
    ///   - reason: why it was refused.
    ///   - state: what the witness had cosigned then.
    ///   - time: when, in seconds since the Epoch.
    func keepEvidence(body: [UInt8], reason: String, state: LogState?, time: UInt64) throws {
        let url = folder.appendingPathComponent("evidence").appendingPathComponent(SHA256.hash(body).hex)
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        var text = "\(Self.evidenceHeader)\nreason \(reason)\nreceived \(time)\n"
        if let state { text += "cosigned-size \(state.size)\ncosigned-root \(state.root.base64)\n" }
        try DurableFile.write(Array((text + "\n").utf8) + body, to: url)
    }

    /// The refused requests kept, as file URLs.
    public func evidenceFiles() -> [URL] {
        let folder = folder.appendingPathComponent("evidence")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".tmp") }.sorted().map { folder.appendingPathComponent($0) }
    }
}

/// What the witness holds for one log: the latest checkpoint it cosigned.
struct LogState: Sendable, Equatable {
    /// Its tree size.
    let size: UInt64
    /// Its root hash.
    let root: Digest
    /// The checkpoint note with the log's signature and the witness's cosignature.
    let note: String
    /// The sequence of the state file's slot that holds it (0 for a one-note `@v1` file).
    let sequence: UInt64
}
