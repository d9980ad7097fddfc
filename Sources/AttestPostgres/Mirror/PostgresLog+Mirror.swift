import AttestLedger
import Foundation
import PostgresNIO

extension PostgresLog {
    /// Starts a mirrored write (``PostgresMirror``): `BEGIN`, the append lock, and what the
    /// database holds beyond the working copy. The handle stays taken until
    /// ``commitMirroredWrite(_:)`` or ``rollbackMirroredWrite()``.
    /// - Throws: `LedgerError` (`.verificationFailed` when the database holds fewer entries than
    ///   the working copy; `.storage`); the handle is then free again.
    public func beginMirroredWrite(localSize: UInt64, localCheckpointSize: UInt64) async throws -> LedgerChanges {
        await acquire()
        var holder: ConnectionHolder?
        do {
            let current = try await connected()
            holder = current
            let statements = PostgresStatements(connection: current.connection, logger: logger)
            try await statements.run("BEGIN")
            try await statements.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.appendLock))")
            let size = try await statements.size()
            guard size >= localSize else {
                throw LedgerError(
                    .verificationFailed,
                    "\(location) holds \(size) entries but the working copy \(localSize): the copy is not of this database; make it again with 'attest migrate --from'"
                )
            }
            let entries = size > localSize ? try await statements.entries("seq >= \(Int64(localSize))") : []
            let checkpoints = try await statements.checkpoints().filter { $0.size > localCheckpointSize }
            mirroring = current
            return LedgerChanges(entries: entries, checkpoints: checkpoints)
        } catch {
            if let holder {
                try? await PostgresStatements(connection: holder.connection, logger: logger).run("ROLLBACK")
                await forget(holder, after: error)
            }
            release()
            throw PostgresFailure.map(error, location: location)
        }
    }

    /// Stores what the working copy's write added, checked as `append(copies:)` checks (each
    /// entry follows the head; checkpoints signed by the log key), and commits.
    /// - Throws: `LedgerError`; the transaction is rolled back (or lost with the connection).
    public func commitMirroredWrite(_ changes: LedgerChanges) async throws {
        guard let holder = mirroring else { throw LedgerError(.storage, "\(location): no mirrored write is in progress") }
        mirroring = nil
        defer { release() }
        let statements = PostgresStatements(connection: holder.connection, logger: logger)
        do {
            var head: LogHead?
            if !changes.entries.isEmpty {
                var current = try await Self.readHead(statements, known: keys)
                try await statements.insert(try changes.entries.map { ($0, try current.accept($0)) })
                head = current
            }
            for checkpoint in changes.checkpoints {
                let signed = try SignedCheckpoint(parsing: checkpoint.note, logKey: logKey)
                try await holder.connection.query(
                    """
                    INSERT INTO checkpoints (size, note) VALUES (\(Int64(signed.checkpoint.size)), \(signed.serialized))
                    ON CONFLICT (size) DO NOTHING
                    """, logger: logger)
            }
            for line in changes.cosignatures {
                try await holder.connection.query(
                    """
                    INSERT INTO cosignatures (size, witness, line) VALUES (\(Int64(line.size)), \(line.witness), \(line.line))
                    ON CONFLICT (size, line) DO NOTHING
                    """, logger: logger)
            }
            try await statements.run("COMMIT")
            if let head { keys = (head.directory, head.scannedThrough) }
        } catch {
            try? await statements.run("ROLLBACK")
            await forget(holder, after: error)
            throw PostgresFailure.map(error, location: location)
        }
    }

    /// Abandons a mirrored write in progress (nothing when none is).
    public func rollbackMirroredWrite() async {
        guard let holder = mirroring else { return }
        mirroring = nil
        do {
            try await PostgresStatements(connection: holder.connection, logger: logger).run("ROLLBACK")
        } catch {
            await forget(holder, after: error)
        }
        release()
    }
}
