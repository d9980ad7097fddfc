import AttestLedger
import AttestRegistry
import Foundation
import GRDB

/// The ledger as it stood at one entry: a temporary copy holding entries `0...entry`, the
/// Merkle nodes and checkpoints of that tree, and the registry's projections replayed over
/// them, so that a report made from it (`attest report --at N`, `--as-of TIME`) is the report
/// of the ledger then, whatever was appended since (docs/reports.md, "The ledger at a past
/// entry").
///
/// The copy leaves out witnesses' cosignatures, which may arrive for an old checkpoint later.
/// It lives in a temporary folder removed when the snapshot is released.
public final class LedgerSnapshot: Sendable {
    /// The registry over the copy.
    public let registry: Registry
    /// The last entry the copy holds.
    public let entry: UInt64
    /// That entry's time.
    public let entryTime: Date
    /// The copy's file.
    public let path: String
    private let folder: URL

    /// The tables of the log itself; every other table is a projection, rebuilt on open.
    static let logTables = ["ledger_meta", "entries", "merkle_nodes", "checkpoints", "cosignatures"]

    private init(registry: Registry, entry: UInt64, entryTime: Date, path: String, folder: URL) {
        self.registry = registry
        self.entry = entry
        self.entryTime = entryTime
        self.path = path
        self.folder = folder
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The last entry at or before `time`.
    /// - Throws: `ReportError` (`.badInput`) when the log starts after `time`.
    public static func lastEntry(atOrBefore time: Date, in ledger: Ledger) throws -> UInt64 {
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let found = try ledger.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM entries WHERE time_us <= ?", arguments: [micros])
        }
        guard let found else {
            throw ReportError(.badInput, "--as-of \(ISOTime.string(time)) is before the ledger's first entry")
        }
        return UInt64(found)
    }

    /// Copies the ledger up to `entry` and replays the registry's projections over the copy.
    /// - Parameters:
    ///   - entry: the last entry to keep.
    ///   - ledger: the ledger to copy (read only).
    /// - Returns: the snapshot.
    /// - Throws: `ReportError` (`.badInput`) for an entry past the end; `LedgerError` for storage failures.
    public static func make(at entry: UInt64, of ledger: Ledger) throws -> LedgerSnapshot {
        let size = try ledger.size()
        guard entry < size else {
            throw ReportError(.badInput, "--at \(entry) is past the ledger's last entry \(size == 0 ? "(none)" : String(size - 1))")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let path = folder.appendingPathComponent("ledger.sqlite").path
            var configuration = Configuration()
            configuration.foreignKeysEnabled = false
            let copy = try DatabaseQueue(path: path, configuration: configuration)
            try ledger.read { source in try copy.writeWithoutTransaction { target in try source.backup(to: target) } }
            let keep = Int64(entry) + 1
            try copy.write { db in
                // The log tables' append-only triggers are set aside for the cut and put back as they were.
                let quoted = logTables.map { "'\($0)'" }.joined(separator: ", ")
                let triggers = try Row.fetchAll(
                    db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (\(quoted))")
                for trigger in triggers {
                    let name: String = trigger["name"]
                    try db.execute(sql: "DROP TRIGGER \"\(name)\"")
                }
                try db.execute(sql: "DELETE FROM entries WHERE seq >= ?", arguments: [keep])
                try db.execute(sql: "DELETE FROM merkle_nodes WHERE (idx + 1) * (1 << level) > ?", arguments: [keep])
                try db.execute(sql: "DELETE FROM checkpoints WHERE size > ?", arguments: [keep])
                if try db.tableExists("cosignatures") { try db.execute(sql: "DELETE FROM cosignatures") }
                let projections = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN (\(quoted))")
                for table in projections { try db.execute(sql: "DROP TABLE \"\(table)\"") }
                for trigger in triggers {
                    let sql: String = trigger["sql"]
                    try db.execute(sql: sql)
                }
            }
            try copy.close()
            let time = try ledger.entry(at: entry).timeMicros
            let registry = try Registry.open(at: path)
            return LedgerSnapshot(
                registry: registry, entry: entry, entryTime: Date(timeIntervalSince1970: Double(time) / 1_000_000), path: path,
                folder: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }
}
