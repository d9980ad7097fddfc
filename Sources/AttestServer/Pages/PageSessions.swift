import AttestLedger
import Foundation
import Synchronization

/// How a person signs in to the reviewer pages, which a browser reaches without RFC 9421
/// signatures (docs/pages.md, "Signing in"):
///
/// 1. `attest login --server URL --as NAME` sends a signed `POST /v1/page-sessions`; the server
///    answers with a one-time link holding a login code (256 random bits, valid 120 s).
/// 2. Opening the link (`GET /login?code=…`) spends the code and sets a session cookie
///    (256 random bits, `HttpOnly; SameSite=Strict; Path=/`, `Secure` over TLS), valid 8 hours.
/// 3. The cookie reads pages and downloads, as that actor, and nothing else: no `/v1` route looks
///    at it, and no page changes anything.
///
/// Each page request checks the actor's key again, so a key rotated or revoked, or an actor
/// deactivated, ends the session. Only hashes of codes and tokens are kept, in memory: a
/// restarted server forgets every session.
final class PageSessions: Sendable {
    /// A signed-in person: who, with which key, until when.
    struct Session: Sendable {
        let actor: String
        let key: VerifierKey
        let expires: Date
    }

    /// The cookie's name.
    static let cookieName = "attest-session"
    /// How long a login code may wait to be spent.
    static let codeLifetime: TimeInterval = 120
    /// How long a session lasts.
    static let sessionLifetime: TimeInterval = 8 * 3600
    /// At most this many codes and sessions are kept; the oldest expiring go first.
    static let capacity = 10_000

    private struct State {
        var codes: [Digest: Session] = [:]
        var sessions: [Digest: Session] = [:]
    }

    private let state = Mutex(State())
    private let clock: @Sendable () -> Date

    init(clock: @escaping @Sendable () -> Date) { self.clock = clock }

    /// Makes a one-time login code for `actor`.
    func issueCode(actor: String, key: VerifierKey) -> String {
        let code = Self.randomToken()
        let session = Session(actor: actor, key: key, expires: clock().addingTimeInterval(Self.codeLifetime))
        state.withLock { s in
            Self.prune(&s.codes, now: clock())
            s.codes[Self.hash(code)] = session
        }
        return code
    }

    /// Spends a login code: the new session's token, or `nil` for a code that is unknown,
    /// already spent or expired.
    func spend(code: String) -> (token: String, session: Session)? {
        let now = clock()
        return state.withLock { s in
            guard let pending = s.codes.removeValue(forKey: Self.hash(code)), pending.expires > now else { return nil }
            let token = Self.randomToken()
            let session = Session(actor: pending.actor, key: pending.key, expires: now.addingTimeInterval(Self.sessionLifetime))
            Self.prune(&s.sessions, now: now)
            s.sessions[Self.hash(token)] = session
            return (token, session)
        }
    }

    /// The live session a cookie's token names.
    func session(token: String) -> Session? {
        let now = clock()
        return state.withLock { s in
            let key = Self.hash(token)
            guard let session = s.sessions[key] else { return nil }
            guard session.expires > now else {
                s.sessions.removeValue(forKey: key)
                return nil
            }
            return session
        }
    }

    /// Ends the session a token names.
    func end(token: String) { _ = state.withLock { $0.sessions.removeValue(forKey: Self.hash(token)) } }

    /// Drops expired entries, then the soonest to expire while over capacity.
    private static func prune(_ table: inout [Digest: Session], now: Date) {
        table = table.filter { $0.value.expires > now }
        guard table.count >= capacity else { return }
        for (key, _) in table.sorted(by: { $0.value.expires < $1.value.expires }).prefix(table.count - capacity + 1) {
            table.removeValue(forKey: key)
        }
    }

    private static func hash(_ token: String) -> Digest { SHA256.hash(Array(token.utf8)) }

    /// 256 random bits from the system's generator, base64url without padding.
    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64Text.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
