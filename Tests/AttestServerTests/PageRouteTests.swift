import AttestLedger
import AttestRegistry
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

@testable import AttestServer

/// The reviewer pages behind `attest login`: a one-time code becomes a session cookie that reads
/// pages as its actor and does nothing else.
@Suite struct PageRouteTests {
    /// Signs dana in and returns the cookie header value.
    static func signIn(
        _ client: LiveClient, fixture: ServerFixture, as signer: Signer? = nil
    ) async throws -> (
        cookie: String, link: String
    ) {
        let signed = SignedTestClient(client: client)
        let granted = try await signed.send(.post, "/v1/page-sessions", as: signer ?? fixture.dana)
        #expect(granted.status == .created)
        let grant = try JSONDecoder().decode(PageSessionGrant.self, from: Data(granted.body.readableBytesView))
        #expect(grant.link.hasPrefix("/login?code="))
        let login = try await client.execute(uri: grant.link, method: .get)
        #expect(login.status == .seeOther)
        #expect(login.headers[.location] == "/models")
        let setCookie = try #require(login.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        let pair = try #require(setCookie.split(separator: ";").first.map(String.init))
        #expect(pair.hasPrefix("attest-session=") && pair.count > 40)
        return (pair, grant.link)
    }

    static func get(_ client: LiveClient, _ uri: String, cookie: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    @Test func aSignedInReviewerReadsThePagesAndNothingElse() async throws {
        let fixture = try ServerFixture()
        try await serving(fixture.configuration()) { client in
            #expect(try await SignedTestClient(client: client).act(ServerFixture.createModel(), as: fixture.dana).status == .ok)
            // Without a session: a page saying how to sign in, with the pages' headers.
            let anonymous = try await Self.get(client, "/models", cookie: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: anonymous.body).contains("attest login"))
            let (cookie, link) = try await Self.signIn(client, fixture: fixture)
            // The code works once.
            #expect(try await client.execute(uri: link, method: .get).status == .unauthorized)
            let models = try await Self.get(client, "/models", cookie: cookie)
            #expect(models.status == .ok)
            #expect(String(buffer: models.body).contains("credit-scoring"))
            #expect(models.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(models.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(models.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(models.headers[.cacheControl] == "no-store")
            let waiting = try await Self.get(client, "/waiting", cookie: cookie)
            #expect(waiting.status == .seeOther && waiting.headers[.location] == "/reviewers/dana/waiting")
            #expect(try await Self.get(client, "/log?from=0", cookie: cookie).status == .ok)
            #expect(try await Self.get(client, "/models/credit-scoring/versions/7", cookie: cookie).status == .notFound)
            #expect(try await Self.get(client, "/log?from=x", cookie: cookie).status == .notFound)
            let report = try await Self.get(client, "/models/credit-scoring/report.json", cookie: cookie)
            #expect(report.status == .ok)
            #expect(report.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try await Self.get(client, "/assets/attest.css", cookie: nil).headers[.contentType] == "text/css; charset=utf-8")
            // A forged or stale cookie reads nothing.
            #expect(
                try await Self.get(client, "/models", cookie: "attest-session=" + String(repeating: "A", count: 43)).status == .unauthorized
            )
            // The cookie is no credential for the API: an act with it alone is unauthenticated.
            let before = try fixture.size()
            var headers = HTTPFields()
            headers[.cookie] = cookie
            headers[.contentType] = "application/json"
            let act = try await client.execute(
                uri: "/v1/acts", method: .post, headers: headers,
                body: ByteBuffer(bytes: try JSONEncoder().encode(ServerFixture.createModel("other"))))
            #expect(act.status == .unauthorized)
            #expect(try await Self.get(client, "/v1/models", cookie: cookie).status == .unauthorized)
            #expect(try fixture.size() == before)
            // Signing out ends the session.
            var out = HTTPFields()
            out[.cookie] = cookie
            #expect(try await client.execute(uri: "/logout", method: .post, headers: out).status == .seeOther)
            #expect(try await Self.get(client, "/models", cookie: cookie).status == .unauthorized)
        }
    }

    @Test func signingInNeedsASignedRequestFromAnActor() async throws {
        let fixture = try ServerFixture()
        try await serving(fixture.configuration()) { client in
            let signed = SignedTestClient(client: client)
            #expect(try await signed.send(.post, "/v1/page-sessions", as: nil).status == .unauthorized)
            #expect(try await signed.send(.post, "/v1/page-sessions", as: fixture.outsider).status == .unauthorized)
            // The auditor reads everything, so may read the pages too.
            _ = try await Self.signIn(client, fixture: fixture, as: fixture.audrey)
            #expect(try await client.execute(uri: "/login?code=made-up", method: .get).status == .unauthorized)
        }
    }

    @Test func aLoginCodeExpiresAndADeactivatedActorsSessionEnds() async throws {
        let fixture = try ServerFixture()
        let now = Mutex(Date())
        var configuration = fixture.configuration()
        configuration.clock = { now.withLock { $0 } }
        try await serving(configuration) { client in
            let signed = SignedTestClient(client: client)
            // The server's clock from now on is the real one until moved: the request's `created`
            // must not be ahead of it (starting the server can take seconds on a loaded machine).
            now.withLock { $0 = Date() }
            let granted = try await signed.send(.post, "/v1/page-sessions", as: fixture.dana)
            let grant = try JSONDecoder().decode(PageSessionGrant.self, from: Data(granted.body.readableBytesView))
            now.withLock { $0 += PageSessions.codeLifetime + 1 }
            #expect(try await client.execute(uri: grant.link, method: .get).status == .unauthorized)
            now.withLock { $0 = Date() }
            let (cookie, _) = try await Self.signIn(client, fixture: fixture)
            #expect(try await Self.get(client, "/models", cookie: cookie).status == .ok)
            try Registry.open(at: fixture.path).deactivateActor("dana", reason: "left the bank", by: fixture.alice)
            let ended = try await Self.get(client, "/models", cookie: cookie)
            #expect(ended.status == .unauthorized)
            #expect(String(buffer: ended.body).contains("Your session ended"))
            now.withLock { $0 += PageSessions.sessionLifetime + 1 }
        }
    }
}
