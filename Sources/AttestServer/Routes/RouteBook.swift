import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore

/// Who may call a route (docs/api.md, "Who may call what").
enum Access: Sendable {
    /// Anyone: checkpoints and proofs.
    case anonymous
    /// Any actor of the ledger, the auditor included.
    case read
    /// An actor holding a role other than `auditor`.
    case write
}

/// What a handler gets: the request, its body (read once, bounded), and its caller.
struct Call: Sendable {
    let request: Request
    let body: [UInt8]
    let caller: Caller?
    let parameters: [String: String]

    /// A path parameter.
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// A query parameter as an unsigned integer.
    /// - Throws: ``ServerError`` (`.badInput`) when missing or not a number.
    func unsigned(_ name: String, default fallback: UInt64? = nil) throws -> UInt64 {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else {
            if let fallback { return fallback }
            throw ServerError(.badInput, "the query parameter '\(name)' is required")
        }
        guard text.utf8.count <= 19, let value = UInt64(text) else {
            throw ServerError(.badInput, "the query parameter '\(name)' must be a whole number, not '\(text.prefix(40))'")
        }
        return value
    }
}

/// Registers routes and remembers them, so the API description can be checked against the
/// routes the server really has (`OpenAPIRouteTests`).
final class RouteBook {
    /// A route: method and path in OpenAPI form (`/v1/acts/{session}/signatures`).
    struct Route: Hashable, Sendable {
        let method: String
        let path: String
    }

    private(set) var routes: [Route] = []
    let router: Router<BasicRequestContext>
    let state: ServerState

    init(router: Router<BasicRequestContext>, state: ServerState) {
        self.router = router
        self.state = state
    }

    /// Adds a route.
    func add(
        _ method: HTTPRequest.Method, _ path: String, access: Access,
        _ handler: @escaping @Sendable (Call) async throws -> Response
    ) {
        routes.append(Route(method: method.rawValue, path: path))
        let hummingbirdPath = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + String(part.dropFirst().dropLast()) : String(part)
        }.joined(separator: "/")
        let names = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
        let state = self.state
        router.on(RouterPath(hummingbirdPath), method: method) { request, context -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: state.configuration.maximumBodyBytes)
            let body = Array(buffer.readableBytesView)
            let parts = RequestParts.make(request, scheme: state.configuration.tls == nil ? "http" : "https")
            let caller = try await offload { try state.authenticator.authenticate(parts, body: body) }
            switch access {
            case .anonymous: break
            case .read:
                guard caller != nil else {
                    throw ServerError(.unauthenticated, "this route needs a signed request (RFC 9421) from an actor of the ledger")
                }
            case .write:
                guard let caller else {
                    throw ServerError(.unauthenticated, "this route needs a signed request (RFC 9421) from an actor of the ledger")
                }
                guard !caller.readsOnly else {
                    throw ServerError(.forbidden, "\(caller.name) holds only the auditor role (or none): auditors read, they do not write")
                }
            }
            var parameters: [String: String] = [:]
            for name in names { parameters[name] = context.parameters.get(name) }
            return try await handler(Call(request: request, body: body, caller: caller, parameters: parameters))
        }
    }
}

/// Builds ``HTTPRequestParts`` from a Hummingbird request.
enum RequestParts {
    static func make(_ request: Request, scheme: String) -> HTTPRequestParts {
        let raw = request.head.path ?? "/"
        let path: Substring
        let query: String?
        if let mark = raw.firstIndex(of: "?") {
            path = raw[..<mark]
            query = String(raw[raw.index(after: mark)...])
        } else {
            path = Substring(raw)
            query = nil
        }
        var fields: [String: [String]] = [:]
        for field in request.headers { fields[field.name.canonicalName, default: []].append(field.value) }
        let authority = request.head.authority ?? fields["host"]?.first ?? ""
        let target = MessageSignature.Target(
            method: request.method.rawValue, scheme: scheme, authority: authority, path: String(path), query: query)
        return HTTPRequestParts(target: target, fields: fields)
    }
}
