import AttestLedger
import Foundation

/// Copies a log between a SQLite file and a PostgreSQL database, entry for entry: the same
/// bytes, signatures, times and order, every stored checkpoint and its cosignatures. Nothing is
/// re-signed: each entry is checked as `attest verify` would check it before it is stored, and
/// the copy must have the source's root at every checkpoint size and at its full size.
public enum LedgerMigration {
    /// What a migration copied and checked.
    public struct Summary: Sendable, Equatable {
        /// Entries copied.
        public var entries: UInt64 = 0
        /// Stored checkpoints copied.
        public var checkpoints = 0
        /// Witness cosignature lines copied.
        public var cosignatures = 0
        /// The sizes at which source and copy were found to have the same root.
        public var checkedSizes: [UInt64] = []
        /// The root of the whole log.
        public var root: Digest = MerkleHash.empty
    }

    /// Copies a SQLite ledger into an empty PostgreSQL database.
    /// - Parameters:
    ///   - ledger: the source.
    ///   - location: the destination; it must hold no ledger.
    ///   - batchSize: entries per transaction.
    /// - Returns: what was copied.
    /// - Throws: `LedgerError` (`.alreadyExists`, `.verificationFailed`, `.storage`).
    public static func copy(from ledger: Ledger, to location: PostgresLocation, batchSize: UInt64 = 1000) async throws -> Summary {
        let size = try ledger.size()
        let log = try await PostgresLog.create(at: location, copying: try ledger.entry(at: 0))
        do {
            var start: UInt64 = 1
            while start < size {
                let end = min(start + batchSize, size) - 1
                try await log.append(copies: try ledger.entries(range: start...end))
                start = end + 1
            }
            var summary = Summary(entries: size)
            for stored in try ledger.storedCheckpoints() {
                try await log.store(checkpoint: stored.note)
                let lines = try ledger.cosignatures(size: stored.size)
                try await log.store(cosignatures: lines, size: stored.size)
                summary.checkpoints += 1
                summary.cosignatures += lines.count
            }
            for checked in try sizesToCheck(ledger.storedCheckpoints().map(\.size), size: size) {
                try await compare(try ledger.root(size: checked), try await log.root(size: checked), size: checked)
                summary.checkedSizes.append(checked)
            }
            summary.root = try ledger.root(size: size)
            await log.close()
            return summary
        } catch {
            await log.close()
            throw error
        }
    }

    /// Copies a PostgreSQL log into a new SQLite file.
    /// - Parameters:
    ///   - log: the source.
    ///   - path: the new file; it must not exist.
    ///   - projectors: the domain projections the file keeps (the registry's, for `attest`).
    ///   - batchSize: entries per transaction.
    /// - Returns: what was copied.
    /// - Throws: `LedgerError`; the half-written file is removed.
    public static func copy(
        from log: PostgresLog, toFile path: String, projectors: [any LedgerProjector] = [], batchSize: UInt64 = 1000
    ) async throws -> Summary {
        let size = try await log.size()
        guard size > 0 else { throw LedgerError(.notFound, "\(log.location): the log is empty") }
        let ledger = try createFile(path, genesis: try await log.entry(at: 0), projectors: projectors)
        do {
            var start: UInt64 = 1
            while start < size {
                let end = min(start + batchSize, size) - 1
                try append(try await log.entries(in: start...end), to: ledger)
                start = end + 1
            }
            var summary = Summary(entries: size)
            let checkpoints = try await log.storedCheckpoints()
            for stored in checkpoints {
                try ledger.store(checkpoint: stored.note)
                let lines = try await log.cosignatures(size: stored.size)
                try ledger.storeCosignatures(lines, size: stored.size)
                summary.checkpoints += 1
                summary.cosignatures += lines.count
            }
            for checked in sizesToCheck(checkpoints.map(\.size), size: size) {
                try await compare(try await log.root(size: checked), try ledger.root(size: checked), size: checked)
                summary.checkedSizes.append(checked)
            }
            summary.root = try ledger.root(size: size)
            return summary
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    private static func sizesToCheck(_ checkpointSizes: [UInt64], size: UInt64) -> [UInt64] {
        Array(Set(checkpointSizes + [size]).filter { $0 > 0 }).sorted()
    }

    private static func compare(_ source: Digest, _ copy: Digest, size: UInt64) async throws {
        guard source == copy else {
            throw LedgerError(
                .verificationFailed, "the copy's root at size \(size) (\(copy.base64)) is not the source's (\(source.base64))")
        }
    }

    /// The new file with the source's genesis: its own signature and time.
    private static func createFile(_ path: String, genesis: Entry, projectors: [any LedgerProjector]) throws -> Ledger {
        var directory = KeyDirectory()
        try directory.apply(genesis)
        guard genesis.sequence == 0, let origin = directory.origin, let logKey = directory.logKey,
            let admin = directory.validKey(genesis.signer, at: 0)?.key
        else {
            throw LedgerError(.verificationFailed, "entry 0 is not a genesis entry")
        }
        let signer = Signer(remote: admin) { body in
            guard body == genesis.body else { throw LedgerError(.verificationFailed, "the genesis does not re-encode to its signed body") }
            return genesis.signature
        }
        let time = Date(timeIntervalSince1970: (Double(genesis.timeMicros) + 0.5) / 1_000_000)
        return try Ledger.create(at: path, origin: origin, logKey: logKey, admin: signer, clock: { time }, projectors: projectors)
    }

    /// Re-appends entries with their own signatures and times: the file's writer makes the same
    /// bytes, and the remote signer hands back the stored signature only for exactly those bytes.
    private static func append(_ entries: [Entry], to ledger: Ledger) throws {
        try ledger.write { writer in
            for entry in entries {
                guard entry.sequence == writer.size else {
                    throw LedgerError(.verificationFailed, "entry \(entry.sequence): expected entry \(writer.size) next")
                }
                guard let key = writer.directory.validKey(entry.signer, at: entry.sequence)?.key else {
                    throw LedgerError(.verificationFailed, "entry \(entry.sequence): its signer is not a key valid at this entry")
                }
                let signer = Signer(remote: key) { body in
                    guard body == entry.body else {
                        throw LedgerError(.verificationFailed, "entry \(entry.sequence) does not follow the entries before it")
                    }
                    return entry.signature
                }
                do {
                    try writer.append(EntryDraft(type: entry.type, payload: entry.payload), signer: signer, timeMicros: entry.timeMicros)
                } catch let error as LedgerError {
                    throw LedgerError(.verificationFailed, "entry \(entry.sequence): \(error.message)")
                }
            }
        }
    }
}
