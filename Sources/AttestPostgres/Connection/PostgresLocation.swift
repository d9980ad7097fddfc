import AttestLedger
import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL ledger lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`
/// (`postgresql://` too). The password may instead come from `PGPASSWORD`. `sslmode` is
/// `disable`, `prefer` (the default: TLS when the server offers it) or `require`.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// How TLS is used.
    public enum TLSMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The server's host name or address.
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// The role to log in as.
    public let user: String
    /// The role's password, if any.
    public let password: String?
    /// The database holding the ledger.
    public let database: String
    /// How TLS is used.
    public let tls: TLSMode

    /// Whether `text` names a PostgreSQL location rather than a file.
    public static func isLocation(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL.
    /// - Parameters:
    ///   - text: the URL.
    ///   - environment: where `PGPASSWORD` is read from when the URL has no password.
    /// - Throws: `LedgerError` (`.badInput`) naming the part that is wrong.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isLocation(text), let components = URLComponents(string: text) else {
            throw LedgerError(.badInput, "'\(text)' is not a PostgreSQL URL; expected postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw LedgerError(.badInput, "'\(Self.redacted(text))': the host is missing (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw LedgerError(.badInput, "'\(Self.redacted(text))': the user is missing (postgres://USER@HOST:PORT/DATABASE)")
        }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw LedgerError(.badInput, "'\(Self.redacted(text))': name one database after the host (…/DATABASE)")
        }
        var mode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let parsed = TLSMode(rawValue: value) else {
                throw LedgerError(
                    .badInput, "'\(Self.redacted(text))': unknown parameter '\(item.name)'; only sslmode=disable|prefer|require is read")
            }
            mode = parsed
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        self.tls = mode
    }

    /// The URL without its password, for messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// postgres-nio's connection settings.
    func configuration() throws -> PostgresConnection.Configuration {
        let tlsSetting: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer: tlsSetting = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tlsSetting = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tlsSetting)
    }

    private static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
