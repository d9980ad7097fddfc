import GRDB

/// Turns SQLite failures into `LedgerError`s that name the ledger file and say what to do.
enum StorageErrors {
    static func map(_ error: any Error, path: String, busyTimeout: Double = Ledger.busyTimeout) -> any Error {
        if error is LedgerError { return error }
        guard let dbError = error as? DatabaseError else { return error }
        let code = dbError.resultCode
        switch code {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return LedgerError(
                .busy,
                "\(path): another process held the ledger's write lock for longer than the wait allowed (\(busyTimeout == busyTimeout.rounded() ? String(Int(busyTimeout)) : String(busyTimeout)) s); nothing was written, retry"
            )
        case .SQLITE_FULL:
            return LedgerError(.storage, "\(path): the disk is full; nothing was written. Free space and retry")
        case .SQLITE_READONLY:
            return LedgerError(.storage, "\(path): the ledger file or its folder is read-only; nothing was written")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return LedgerError(
                .storage,
                "\(path): the ledger file is damaged or is not an Attest ledger (\(dbError.message ?? "corrupt")); restore it from a copy and run 'attest verify'"
            )
        case .SQLITE_CANTOPEN:
            return LedgerError(.storage, "\(path): the ledger file cannot be opened (\(dbError.message ?? "cannot open"))")
        case .SQLITE_IOERR:
            return LedgerError(
                .storage,
                "\(path): an I/O error occurred (\(dbError.message ?? "I/O error")); nothing was written. The disk may be full, a file-size limit reached, or the disk failing"
            )
        case .SQLITE_CONSTRAINT:
            return LedgerError(.storage, "\(path): the database refused a change: \(dbError.message ?? "constraint failed")")
        default:
            return LedgerError(.storage, "\(path): SQLite error \(code.rawValue): \(dbError.message ?? "unknown")")
        }
    }
}
