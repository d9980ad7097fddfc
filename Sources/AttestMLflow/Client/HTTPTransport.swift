import Crypto
import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Synchronous HTTP on URLSession for the (synchronous) commands: JSON exchanges, and downloads
/// that are hashed as they stream in and never kept.
final class HTTPTransport: NSObject, URLSessionDataDelegate, Sendable {
    /// A download's outcome: the status, and for 200 the SHA-256 and size of the body; for any
    /// other status the start of the body (for the error message).
    struct Digested: Sendable {
        var status = 0
        var hasher = Crypto.SHA256()
        var size: Int64 = 0
        var errorBody = Data()
        var failure: String?
    }

    /// The downloads in flight by task identifier, each with the semaphore its caller waits on.
    private let downloads = Mutex<[Int: (state: Digested, done: DispatchSemaphore)]>([:])
    private let timeout: TimeInterval
    /// The session; set once in `init`, its delegate is `self`.
    private let holder = Mutex<URLSession?>(nil)

    /// Makes a transport whose requests time out after `timeout` seconds without progress.
    init(timeout: TimeInterval) {
        self.timeout = timeout
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = 4
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        holder.withLock { $0 = URLSession(configuration: configuration, delegate: self, delegateQueue: queue) }
    }

    private var session: URLSession { holder.withLock { $0! } }

    /// Ends the session (it holds its delegate, this transport, until then).
    func close() { session.finishTasksAndInvalidate() }

    /// Sends a request and returns the status and the whole body (at most ``maximumBody``
    /// bytes), or why no answer came (refused connection, timeout, TLS).
    func exchange(_ request: URLRequest) -> (status: Int, body: Data, failure: String?) {
        let result = digest(request, keepBody: true)
        return (result.status, result.errorBody, result.failure)
    }

    /// Streams a response body through SHA-256 without keeping it.
    /// - Returns: the status; for 200 the digest (`sha256:<hex>`) and size; for another status
    ///   the start of the body; or why no answer came.
    func download(_ request: URLRequest) -> (status: Int, digest: String, size: Int64, body: Data, failure: String?) {
        let result = digest(request, keepBody: false)
        let hex = result.hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (result.status, "sha256:" + hex, result.size, result.errorBody, result.failure)
    }

    /// The largest JSON answer kept: 256 MiB.
    static let maximumBody = 256 << 20

    private func digest(_ request: URLRequest, keepBody: Bool) -> Digested {
        var request = request
        request.timeoutInterval = timeout
        let task = session.dataTask(with: request)
        let done = DispatchSemaphore(value: 0)
        var state = Digested()
        if keepBody { state.status = -1 }  // -1: keep every byte in errorBody
        downloads.withLock { $0[task.taskIdentifier] = (state, done) }
        task.resume()
        done.wait()
        return downloads.withLock { $0.removeValue(forKey: task.taskIdentifier)!.state }
    }

    private func update(_ task: URLSessionTask, _ body: (inout Digested) -> Void) {
        downloads.withLock { table in
            guard var entry = table[task.taskIdentifier] else { return }
            body(&entry.state)
            table[task.taskIdentifier] = entry
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        update(dataTask) { state in
            // A JSON exchange keeps its body whatever the status; a download only an error's.
            state.status = state.status == -1 ? -status - 1 : status
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        update(dataTask) { state in
            if state.status < -1 {
                if state.errorBody.count + data.count <= Self.maximumBody {
                    state.errorBody.append(data)
                } else {
                    state.failure = "the answer exceeds \(Self.maximumBody >> 20) MiB"
                }
            } else if state.status == 200 {
                state.hasher.update(data: data)
                state.size += Int64(data.count)
            } else if state.errorBody.count < 4096 {
                state.errorBody.append(data.prefix(4096 - state.errorBody.count))
            }
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let done = downloads.withLock { table -> DispatchSemaphore? in
            guard var entry = table[task.taskIdentifier] else { return nil }
            if let error, entry.state.failure == nil { entry.state.failure = error.localizedDescription }
            if entry.state.status < -1 { entry.state.status = -entry.state.status - 1 }
            table[task.taskIdentifier] = entry
            return entry.done
        }
        done?.signal()
    }
}
