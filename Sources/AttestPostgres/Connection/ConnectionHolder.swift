import NIOCore
import PostgresNIO

/// Owns one postgres-nio connection. postgres-nio asserts (a trap in debug builds) when a
/// `PostgresConnection` is released open; every owner closes it explicitly (``close()``, awaited
/// by `PostgresLog.close()` and the scoped `PostgresLog.withOpen`), and this holder's `deinit`
/// is the backstop when an owner is dropped on an error path: it starts the close and keeps the
/// connection alive until its channel has closed, so the release can never trap.
final class ConnectionHolder: Sendable {
    let connection: PostgresConnection

    init(_ connection: PostgresConnection) { self.connection = connection }

    /// Whether the connection can still be used (the server has not closed it, nor have we).
    var isOpen: Bool { !connection.isClosed }

    /// Closes the connection and waits until it is closed; closing twice is harmless.
    func close() async {
        guard !connection.isClosed else { return }
        try? await connection.close()
    }

    deinit {
        let connection = connection
        guard !connection.isClosed else { return }
        // The closure holds the connection until the channel is closed; released then, it is closed.
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}
