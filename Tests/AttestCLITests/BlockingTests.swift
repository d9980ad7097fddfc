import AttestLedger
import Foundation
import Testing

/// `Blocking.run` lets a synchronous command wait for async work (the witness client) without
/// needing a free thread of Swift's cooperative pool: commands run in-process from async tests,
/// whose waiting threads are that pool's own.
@Suite struct BlockingTests {
    @Test(.timeLimit(.minutes(1)))
    func waitersOnEveryPoolThreadStillFinish() async throws {
        // As many waiters as the pool has threads (one per core): if the work ran on that pool,
        // each waiter would hold a thread the others' work needs, and none would finish.
        let waiters = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<waiters {
                group.addTask {
                    (try? Blocking.run {
                        try await Task.sleep(for: .milliseconds(50))
                        return index
                    }) ?? -1
                }
            }
            var all: [Int] = []
            for await value in group { all.append(value) }
            return all.sorted()
        }
        #expect(results == Array(0..<waiters))
    }

    @Test func anErrorReachesTheWaiter() {
        struct Planted: Error {}
        #expect(throws: Planted.self) { try Blocking.run { () async throws -> Int in throw Planted() } }
    }
}
