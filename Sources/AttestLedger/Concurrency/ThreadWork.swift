import Foundation
import Synchronization

/// Work started on a thread of its own now, and waited for later.
///
/// For work that itself waits on other background work (a verification's database check waits
/// for its replay's batches, prepared on GCD's global queues). On Linux those queues have as
/// many threads as the machine has cores; when every one of them is waiting for work queued
/// behind it, nothing runs again. A thread of its own always runs.
public final class ThreadWork<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, any Error>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread.
    /// - Parameters:
    ///   - name: the thread's name (seen in debuggers and crash reports).
    ///   - body: the work.
    public init(name: String, _ body: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try body() }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Blocks until the work has finished (call once).
    /// - Returns: what the work returned.
    /// - Throws: what the work threw.
    public func wait() throws -> Value {
        finished.wait()
        return try outcome.withLock { $0! }.get()
    }
}
