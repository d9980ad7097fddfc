import Foundation

/// One HTTP request made by Attest's clients (the witness client, `--server`, MLflow's REST API):
/// what goes on the wire, without a networking framework's types in the API.
public struct HTTPRequest: Sendable {
    /// The absolute URL.
    public var url: URL
    /// The method (`GET`, `POST`, ...).
    public var method: String
    /// The header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body, if any.
    public var body: Data?
    /// Seconds the whole exchange may take.
    public var timeout: Double

    /// Makes a request.
    /// - Parameters:
    ///   - url: the absolute URL.
    ///   - method: the method (default `GET`).
    ///   - headers: the header fields.
    ///   - body: the body.
    ///   - timeout: seconds the whole exchange may take (default 60).
    public init(url: URL, method: String = "GET", headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Double = 60) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// Sets a header field, replacing any of the same name (case-insensitive).
    /// - Parameters:
    ///   - value: the value.
    ///   - name: the field name.
    public mutating func setHeader(_ value: String, for name: String) {
        headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        headers.append((name, value))
    }

    /// `METHOD /path?query`, for messages.
    public var summary: String { "\(method) \(url.path)\(url.query.map { "?" + $0 } ?? "")" }
}

/// What came back: the status, and the body as kept.
public struct HTTPAnswer: Sendable {
    /// The status code.
    public var status: Int
    /// The body, or its start when it was streamed elsewhere (see ``HTTPExchange/stream(_:maximumKept:chunk:)``).
    public var body: Data
}

/// Why no answer came: the connection was refused, the exchange timed out, TLS failed, or the
/// body exceeded what the caller keeps.
public struct HTTPFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in words.
    public let message: String

    /// Makes a failure.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
