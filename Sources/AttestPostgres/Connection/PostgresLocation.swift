import AttestLedger
import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL ledger lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`
/// (`postgresql://` too). Several hosts, `HOST1:PORT1,HOST2:PORT2`, name a primary and its
/// standbys as libpq does with `target_session_attrs=read-write`: a connection goes to the first
/// host that accepts it and is not in recovery (after a failover, the promoted standby). The password may instead come from `PGPASSWORD`. `sslmode` is
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

    /// The server's host name or address (the first of ``hosts``).
    public let host: String
    /// The server's TCP port (the first of ``hosts``).
    public let port: Int
    /// Every host and port named, in order (one unless the URL lists several).
    public let hosts: [Host]

    /// One host of a location.
    public struct Host: Sendable, Equatable {
        /// The host name or address.
        public var name: String
        /// The TCP port.
        public var port: Int
    }
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
        let (single, extra) = try Self.splitHosts(text)
        guard Self.isLocation(text), let components = URLComponents(string: single) else {
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
        self.hosts = [Host(name: host, port: components.port ?? 5432)] + extra
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        self.tls = mode
    }

    /// The URL without its password, for messages.
    public var description: String {
        "postgres://\(user)@\(hosts.map { "\($0.name):\($0.port)" }.joined(separator: ","))/\(database)"
    }

    /// The URL with its first host only, and the other hosts parsed.
    private static func splitHosts(_ text: String) throws -> (String, [Host]) {
        guard let scheme = text.range(of: "://") else { return (text, []) }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let hostStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        let list = authority[hostStart...].split(separator: ",", omittingEmptySubsequences: false)
        guard list.count > 1 else { return (text, []) }
        let extra = try list.dropFirst().map { item -> Host in
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard !parts[0].isEmpty, parts.count <= 2, let port = parts.count == 2 ? Int(parts[1]) : 5432, (1...65535).contains(port)
            else {
                throw LedgerError(.badInput, "'\(redacted(text))': host '\(item)' is not HOST[:PORT]")
            }
            return Host(name: String(parts[0]), port: port)
        }
        return (String(text[..<hostStart]) + list[0] + text[authorityEnd...], extra)
    }

    /// postgres-nio's connection settings for the first host.
    func configuration() throws -> PostgresConnection.Configuration { try configuration(for: hosts[0]) }

    /// postgres-nio's connection settings for `target`.
    func configuration(for target: Host) throws -> PostgresConnection.Configuration {
        let tlsSetting: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer: tlsSetting = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tlsSetting = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: target.name, port: target.port, username: user, password: password, database: database, tls: tlsSetting)
    }

    private static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
