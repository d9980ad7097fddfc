import AttestLedger
import PostgresNIO

/// Turns what postgres-nio throws into a `LedgerError` that names the database and says what
/// the server answered (its message and SQLSTATE), never a raw driver error.
enum PostgresFailure {
    /// SQLSTATEs that mean another writer got there first: the append can be retried.
    static let lostRace: Set<String> = ["23505", "40001"]

    /// Maps `error` to a `LedgerError` for `location`.
    static func map(_ error: any Error, location: PostgresLocation) -> LedgerError {
        switch error {
        case let error as LedgerError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return map(inner, location: location) }
            return LedgerError(.storage, "\(location): the transaction failed (\(String(reflecting: error)))")
        case let error as PSQLError:
            if let info = error.serverInfo, let message = info[.message] {
                let state = info[.sqlState] ?? "?"
                let code: LedgerError.Code = lostRace.contains(state) ? .busy : .storage
                return LedgerError(code, "\(location): PostgreSQL refused: \(message) (SQLSTATE \(state))")
            }
            return LedgerError(
                .storage, "\(location): cannot talk to PostgreSQL (\(error.code)); is the server running and the URL right?")
        default:
            return LedgerError(.storage, "\(location): \(String(describing: error))")
        }
    }

    /// Whether `error` means the connection is gone (closed by the server, a reset, a timeout)
    /// rather than a statement the server refused: the handle then connects again next time.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        switch error {
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return isConnectionLoss(inner) }
            return error.rollbackError.map(isConnectionLoss) ?? false
        case let error as PSQLError:
            return error.serverInfo == nil || error.serverInfo?[.sqlState]?.hasPrefix("57P") == true
                || error.serverInfo?[.sqlState]?.hasPrefix("08") == true
        case is LedgerError:
            return false
        default:
            return true
        }
    }

    /// The SQLSTATE the server answered with, if `error` carries one.
    static func sqlState(_ error: any Error) -> String? {
        switch error {
        case let error as PostgresTransactionError:
            (error.closureError ?? error.beginError ?? error.commitError).flatMap(sqlState)
        case let error as PSQLError: error.serverInfo?[.sqlState]
        default: nil
        }
    }
}
