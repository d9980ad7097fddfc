import AttestLedger
import AttestRegistry
import AttestReports
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The reviewer pages (docs/pages.md), mounted at the site root: signing in through
/// ``PageSessions``, then the pages and downloads of AttestReports' `ReviewerPages`, read-only.
enum PageRoutes {
    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.post, "/v1/page-sessions", access: .read) { call in
            let caller = call.caller!
            let code = state.pageSessions.issueCode(actor: caller.name, key: caller.key)
            return try JSONResponse.make(
                PageSessionGrant(actor: caller.name, link: "/login?code=\(code)", expiresInSeconds: Int(PageSessions.codeLifetime)),
                status: .created)
        }
        let router = book.router
        router.get("/login") { request, _ in login(request, state: state) }
        router.post("/logout") { request, _ in logout(request, state: state) }
        router.get("/assets/attest.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: ReviewerPages.stylesheet)))
        }
        page(router, "/models", state: state) { pages, _ in .html(try pages.models()) }
        page(router, "/models/:model/versions/:version", state: state) { pages, request in
            .html(try pages.version(model: try request.text("model"), version: try request.number("version")))
        }
        page(router, "/reviewers/:actor/waiting", state: state) { pages, request in
            .html(try pages.waiting(reviewer: try request.text("actor")))
        }
        page(router, "/waiting", state: state) { pages, request in .redirect(pages.links.waiting(request.session.actor)) }
        page(router, "/log", state: state) { pages, request in .html(try pages.log(from: try request.from())) }
        PageDownloads.add(to: router, state: state)
    }

    /// Registers a page that needs a session; `render` runs off the cooperative pool.
    static func page(
        _ router: Router<BasicRequestContext>, _ path: String, state: ServerState,
        _ render: @escaping @Sendable (ReviewerPages, PageRequest) throws -> PageBody
    ) {
        router.get(RouterPath(path)) { request, context -> Response in
            let parameters = Dictionary(
                path.split(separator: "/").filter { $0.hasPrefix(":") }.map {
                    (String($0.dropFirst()), context.parameters.get(String($0.dropFirst())) ?? "")
                },
                uniquingKeysWith: { first, _ in first })
            let pages = ReviewerPages(registry: state.reader, links: PageLinks(), clock: state.configuration.clock)
            do {
                let body = try await offload { () -> PageBody in
                    let session = try signedIn(request, state: state)
                    return try render(pages, PageRequest(session: session, parameters: parameters, query: request.uri.queryParameters))
                }
                return body.response(secure: state.configuration.tls != nil)
            } catch {
                return failure(error, pages: pages)
            }
        }
    }

    /// The session of the request's cookie, with its actor's key checked again.
    /// - Throws: ``ServerError`` (`.unauthenticated`) without a live session or with a key no longer valid.
    static func signedIn(_ request: Request, state: ServerState) throws -> PageSessions.Session {
        guard let token = request.cookies[PageSessions.cookieName]?.value, let session = state.pageSessions.session(token: token) else {
            throw ServerError(
                .unauthenticated, "Sign in first: run `attest login --server URL --as NAME` and open the link it prints within two minutes."
            )
        }
        do {
            _ = try state.authenticator.lookUp(keyID: session.key.fingerprint.hex)
        } catch let error as ServerError {
            state.pageSessions.end(token: token)
            throw ServerError(.unauthenticated, "Your session ended: \(error.message). Sign in again with `attest login`.")
        }
        return session
    }

    private static func login(_ request: Request, state: ServerState) -> Response {
        let pages = ReviewerPages(registry: state.reader, links: PageLinks(), clock: state.configuration.clock)
        guard let code = request.uri.queryParameters["code"].map(String.init), code.utf8.count <= 128,
            let (token, _) = state.pageSessions.spend(code: code)
        else {
            return failure(
                ServerError(
                    .unauthenticated,
                    "This sign-in link is unknown, already used or older than two minutes. Run `attest login` again for a new one."),
                pages: pages)
        }
        var response = PageBody.redirect(PageLinks().models).response(secure: false)
        response.setCookie(
            Cookie(
                name: PageSessions.cookieName, value: token, maxAge: Int(PageSessions.sessionLifetime), path: "/",
                secure: state.configuration.tls != nil, httpOnly: true, sameSite: .strict))
        return response
    }

    private static func logout(_ request: Request, state: ServerState) -> Response {
        if let token = request.cookies[PageSessions.cookieName]?.value { state.pageSessions.end(token: token) }
        var response = PageBody.redirect(PageLinks().models).response(secure: false)
        response.setCookie(
            Cookie(
                name: PageSessions.cookieName, value: "", maxAge: 0, path: "/", secure: state.configuration.tls != nil, httpOnly: true,
                sameSite: .strict))
        return response
    }

    /// An error as a page: 401 with how to sign in, 404, or 500.
    static func failure(_ error: any Error, pages: ReviewerPages) -> Response {
        var mapped = ServerError.from(error)
        if case let error as ReportError = error, error.code == .badInput { mapped = ServerError(.notFound, error.message) }
        let title: String =
            switch mapped.code {
            case .unauthenticated: "Sign in first"
            case .notFound, .badInput: "Not found"
            default: "Something went wrong"
            }
        let status = mapped.code == .badInput ? HTTPResponse.Status.notFound : HTTPResponse.Status(code: mapped.status)
        return PageBody.html(pages.message(title: title, mapped.message)).response(secure: false, status: status)
    }
}

/// `POST /v1/page-sessions`: the one-time sign-in link for the pages.
public struct PageSessionGrant: Codable, Sendable, Equatable {
    /// Who signs in.
    public var actor: String
    /// The path to open (with the server's address in front) within ``expiresInSeconds``.
    public var link: String
    /// How long the link stays valid.
    public var expiresInSeconds: Int
}
