import Foundation
import GRDB
import Synchronization

extension Ledger {
    /// Mirrors every later write of this handle to `mirror` (``LedgerMirror``): each write first
    /// takes what the mirror holds beyond the file, and commits only after the mirror committed
    /// what the write added. `nil` detaches it.
    public func attach(mirror: (any LedgerMirror)?) {
        self.mirror.withLock { $0 = mirror }
    }

    /// One write with a mirror: catch up, run the body, hand the mirror what it added.
    func mirrored<T>(_ mirror: any LedgerMirror, _ writer: inout LedgerWriter, _ body: (inout LedgerWriter) throws -> T) throws -> T {
        let db = writer.db
        let checkpointSize = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(size), 0) FROM checkpoints") ?? 0)
        let missing = try mirror.begin(localSize: writer.size, localCheckpointSize: checkpointSize)
        do {
            for entry in missing.entries { try writer.append(copy: entry) }
            for checkpoint in missing.checkpoints {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO checkpoints (size, note) VALUES (?, ?)",
                    arguments: [Int64(checkpoint.size), checkpoint.note])
            }
            let firstCheckpoint = UInt64(try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(size), 0) FROM checkpoints") ?? 0)
            let firstCosignature = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM cosignatures") ?? 0
            writer.collects = true
            writer.appended = []
            let value = try body(&writer)
            var changes = LedgerChanges(entries: writer.appended)
            writer.collects = false
            writer.appended = []
            let checkpoints = try Row.fetchAll(
                db, sql: "SELECT size, note FROM checkpoints WHERE size > ? ORDER BY size", arguments: [Int64(firstCheckpoint)])
            changes.checkpoints = checkpoints.map { (UInt64($0["size"] as Int64), $0["note"]) }
            let lines = try Row.fetchAll(
                db, sql: "SELECT size, witness, line FROM cosignatures WHERE rowid > ? ORDER BY rowid", arguments: [firstCosignature])
            changes.cosignatures = lines.map { (UInt64($0["size"] as Int64), $0["witness"], $0["line"]) }
            try mirror.commit(changes)
            return value
        } catch {
            mirror.rollback()
            throw error
        }
    }
}
