import Dispatch
import Synchronization

/// Runs async work from synchronous code and waits for it: a command calling the witness client,
/// or a ledger write calling its PostgreSQL mirror.
///
/// The work runs on a dispatch queue of its own (a task executor preference), never on Swift's
/// cooperative pool: the waiting thread may itself be one of that pool's threads (a command run
/// in-process by an async caller), and a pool whose every thread waits has none left to run
/// the work it waits for.
public enum Blocking {
    /// Runs `body` on its own executor and blocks this thread until it finishes.
    /// - Throws: what `body` throws.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        try run(until: .distantFuture, body)!
    }

    /// Runs `body` on its own executor and blocks this thread until it finishes or `timeout`
    /// passes, whichever comes first.
    /// - Returns: what `body` returned, or `nil` when the time ran out (`body` goes on running,
    ///   and what it returns or throws then is dropped).
    /// - Throws: what `body` throws in time.
    public static func run<T: Sendable>(timeout: Duration, _ body: @escaping @Sendable () async throws -> T) throws -> T? {
        let (seconds, attoseconds) = timeout.components
        return try run(until: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)), body)
    }

    private static func run<T: Sendable>(until deadline: DispatchTime, _ body: @escaping @Sendable () async throws -> T) throws -> T? {
        let box = ResultHolder<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: QueueExecutor()) {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        guard done.wait(timeout: deadline) == .success else { return nil }
        return try box.get()!.get()
    }
}

/// A task executor on a serial dispatch queue (GCD's threads, not the cooperative pool).
final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "attest.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A result handed from a task to the waiting thread.
final class ResultHolder<T: Sendable>: Sendable {
    private let value = Mutex<Result<T, any Error>?>(nil)

    func set(_ result: Result<T, any Error>) { value.withLock { $0 = result } }
    func get() -> Result<T, any Error>? { value.withLock { $0 } }
}
