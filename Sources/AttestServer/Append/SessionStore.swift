import Synchronization

/// The acts in progress, by session id.
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: SigningSession]>([:])

    func add(_ session: SigningSession) { sessions.withLock { $0[session.id] = session } }
    func remove(_ id: String) { _ = sessions.withLock { $0.removeValue(forKey: id) } }
    func find(_ id: String) -> SigningSession? { sessions.withLock { $0[id] } }
    var count: Int { sessions.withLock { $0.count } }
}
