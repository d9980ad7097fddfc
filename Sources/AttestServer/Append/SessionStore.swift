import AttestLedger
import Synchronization

/// The acts in progress, by session id, and how the most recent ones ended, so that a signature
/// arriving after its act rolled back is told why rather than that the session never was.
final class SessionStore: Sendable {
    /// How an act ended, kept for its own key only.
    private struct Ending {
        let key: VerifierKey
        let error: ServerError
    }

    private struct State {
        var live: [String: SigningSession] = [:]
        var ended: [String: Ending] = [:]
        var endedOrder: [String] = []
    }

    /// How many endings are remembered; the oldest are forgotten first.
    static let endingsKept = 1024

    private let state = Mutex(State())

    func add(_ session: SigningSession) { state.withLock { $0.live[session.id] = session } }

    /// Removes a session whose act ended, remembering the error it ended with (or that it finished).
    func finish(_ session: SigningSession, failure: ServerError?) {
        let error =
            failure.map { ServerError($0.code, "the act of session \(session.id) already ended: \($0.message)") }
            ?? ServerError(.conflict, "the act of session \(session.id) already finished; nothing waits for a signature")
        state.withLock { s in
            s.live.removeValue(forKey: session.id)
            s.ended[session.id] = Ending(key: session.caller.key, error: error)
            s.endedOrder.append(session.id)
            if s.endedOrder.count > Self.endingsKept {
                s.ended.removeValue(forKey: s.endedOrder.removeFirst())
            }
        }
    }

    func find(_ id: String) -> SigningSession? { state.withLock { $0.live[id] } }

    /// How the act of session `id` ended, when it was `key`'s and is still remembered.
    func ended(_ id: String, key: VerifierKey?) -> ServerError? {
        state.withLock { s in s.ended[id].flatMap { $0.key == key ? $0.error : nil } }
    }

    var count: Int { state.withLock { $0.live.count } }
}
