import AttestHTTP
import Foundation

/// A client of one MLflow tracking server's REST API 2.0 (the registry, runs and the proxied
/// artifact store, `mlflow-artifacts:`), synchronous, on ``HTTPExchange``.
public final class MLflowClient: Sendable {
    /// The server's URL as given (credentials included, never recorded).
    let base: URL
    /// The server's URL without user or password: what entries record.
    public let trackingUri: String
    let credentials: MLflowCredentials
    let transport: HTTPTransport

    /// Makes a client.
    /// - Parameters:
    ///   - trackingUri: the server, `http(s)://HOST[:PORT][/PREFIX]`.
    ///   - credentials: how to authenticate.
    ///   - timeout: seconds a request may wait without progress.
    /// - Throws: `MLflowError` (`.badInput`) for a URI that is not http(s).
    public init(trackingUri: String, credentials: MLflowCredentials, timeout: TimeInterval = 30) throws {
        guard var parts = URLComponents(string: trackingUri), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parts.host?.isEmpty == false, let url = parts.url
        else {
            throw MLflowError(
                .badInput, "--tracking-uri \(trackingUri): not an http(s) URL of an MLflow tracking server (e.g. http://127.0.0.1:5000)")
        }
        base = url
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        var clean = parts.string ?? trackingUri
        while clean.hasSuffix("/") { clean.removeLast() }
        self.trackingUri = clean
        self.credentials = credentials
        transport = HTTPTransport(timeout: timeout)
    }

    // MARK: Requests

    enum Method: String {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
    }

    func request(_ path: String, query: [String: String] = [:], method: Method = .get, body: [String: String]? = nil) -> HTTPRequest {
        var parts = URLComponents(string: trackingUri + path)!
        if !query.isEmpty { parts.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        // '+' in a query value is a space to MLflow's server (Flask): send it encoded.
        parts.percentEncodedQuery = parts.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        var request = HTTPRequest(url: parts.url!, method: method.rawValue, timeout: transport.timeout)
        if let header = credentials.header { request.setHeader(header, for: "Authorization") }
        if let body {
            request.setHeader("application/json", for: "Content-Type")
            request.body = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        }
        return request
    }

    /// Sends a request and decodes the JSON answer as `T`.
    /// - Throws: `MLflowError` naming the server and the call.
    func call<T: Decodable>(_ type: T.Type, _ request: HTTPRequest) throws(MLflowError) -> T {
        let (status, body) = try send(request)
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(type, from: body.isEmpty ? Data("{}".utf8) : body)
        } catch {
            throw MLflowError(
                .badInput, "\(describe(request)) answered \(status) with a body that is not the JSON MLflow's API promises (\(error))")
        }
    }

    /// Sends a request; refuses any status but 200.
    /// - Throws: `MLflowError`: `.unavailable` without an answer or for 5xx, `.authentication`
    ///   for 401/403, `.badInput` for other statuses (MLflow's error code and message quoted).
    func send(_ request: HTTPRequest) throws(MLflowError) -> (status: Int, body: Data) {
        let answer = transport.exchange(request)
        if let failure = answer.failure {
            throw MLflowError(.unavailable, "cannot reach MLflow at \(trackingUri) (\(describe(request))): \(failure)")
        }
        try check(answer.status, answer.body, request)
        return (answer.status, answer.body)
    }

    /// Maps a non-200 status to the error that names it.
    func check(_ status: Int, _ body: Data, _ request: HTTPRequest) throws(MLflowError) {
        guard status != 200 else { return }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let answer = try? decoder.decode(MLflowWire.ErrorAnswer.self, from: body)
        let said =
            answer.map { "\($0.errorCode ?? "error"): \($0.message ?? "")" }
            ?? String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let what = "\(describe(request)) answered HTTP \(status)\(said.isEmpty ? "" : " (\(said))")"
        switch status {
        case 401, 403:
            throw MLflowError(
                .authentication,
                "MLflow at \(trackingUri) refused the credentials: \(what); set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN"
            )
        case 500...599:
            throw MLflowError(.unavailable, "MLflow at \(trackingUri) failed: \(what); nothing was recorded for it, retry later")
        default:
            throw MLflowError(.badInput, "MLflow at \(trackingUri): \(what)")
        }
    }

    func describe(_ request: HTTPRequest) -> String { request.summary }
}
