import Foundation
import Synchronization

/// The nonces seen within the signature window: a reused nonce is a replay. Bounded: nonces
/// older than the window are dropped (a request that old is refused anyway), and when the
/// cache is full of live nonces a new request is refused as busy rather than forgetting one.
final class NonceCache: Sendable {
    private struct State {
        var seen: Set<String> = []
        var order: [(key: String, expires: TimeInterval)] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Records `nonce` for `keyID` until `expires` (seconds since 1970).
    /// - Returns: `.fresh`, `.replayed`, or `.full`.
    func record(keyID: String, nonce: String, expires: TimeInterval, now: TimeInterval) -> Outcome {
        let key = keyID + " " + nonce
        return state.withLock { s in
            while s.head < s.order.count, s.order[s.head].expires < now {
                s.seen.remove(s.order[s.head].key)
                s.head += 1
            }
            if s.head > 1024, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            if s.seen.contains(key) { return .replayed }
            guard s.seen.count < capacity else { return .full }
            s.seen.insert(key)
            s.order.append((key, expires))
            return .fresh
        }
    }

    enum Outcome { case fresh, replayed, full }
}
