import Dispatch
import Synchronization

/// Runs async work from a synchronous command and waits for it on the calling thread (a
/// command's `run()` is synchronous; the work runs on Swift's cooperative pool, never on this
/// thread, so waiting here cannot starve it).
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
