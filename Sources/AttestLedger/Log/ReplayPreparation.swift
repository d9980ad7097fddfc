import Dispatch
import Synchronization

/// One batch of entries being prepared for a replay (``LedgerProjector/prepare(_:)`` for every
/// projector and entry) on another thread, while the replay applies the batch before it: the
/// payloads' JSON decoding, most of a replay's work, runs beside the SQL inserts.
final class ReplayPreparation {
    /// The batch.
    let entries: [Entry]
    private let box = PreparedBox()
    private let group = DispatchGroup()

    /// Starts preparing `entries` with `projectors` on a global queue.
    init(_ entries: [Entry], projectors: [any LedgerProjector]) {
        self.entries = entries
        let box = self.box
        guard !entries.isEmpty else {
            box.value.withLock { $0 = [] }
            return
        }
        DispatchQueue.global().async(group: group) { [entries] in
            let prepared = entries.map { entry in projectors.map { $0.prepare(entry) } }
            box.value.withLock { $0 = prepared }
        }
    }

    /// Waits for the batch: for each entry, what each projector prepared.
    func wait() -> [[(any Sendable)?]] {
        group.wait()
        return box.value.withLock { $0 ?? [] }
    }
}

/// The prepared values, handed from the preparing thread to the replay under a lock.
private final class PreparedBox: Sendable {
    let value = Mutex<[[(any Sendable)?]]?>(nil)
}
