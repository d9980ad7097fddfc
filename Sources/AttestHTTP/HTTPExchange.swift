import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP on AsyncHTTPClient (SwiftNIO), for Attest's clients.
///
/// Not URLSession: on Linux URLSession is FoundationNetworking over libcurl, whose thirty shared
/// libraries the dynamic loader maps and links at every start of `attest`, about 8 ms of each
/// command, and whose multi handle costs a first request about 6 ms more (docs/benchmarks.md).
/// SwiftNIO is already in the binary for `attest serve`.
///
/// One process-wide client (its event loops start with the first request; it is never shut
/// down). A refused connection fails the request at once: AsyncHTTPClient's default retries
/// connecting until the request's deadline, which made a command against a stopped server wait
/// its whole timeout (a minute) instead of saying so.
public enum HTTPExchange {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Sends `request` and keeps at most `maximumBody` bytes of the answer.
    /// - Parameters:
    ///   - request: the request.
    ///   - maximumBody: the largest body kept; a larger one is a failure.
    /// - Returns: the status and body.
    /// - Throws: ``HTTPFailure`` when no answer came or the body is too large.
    public static func send(_ request: HTTPRequest, maximumBody: Int = 256 << 20) async throws -> HTTPAnswer {
        try await stream(request, maximumKept: maximumBody, overflowFails: true, chunk: nil)
    }

    /// Sends `request`, handing each piece of the body to `chunk` as it arrives, and keeps at
    /// most `maximumKept` bytes of it (the start of an error's body, for the message).
    /// - Parameters:
    ///   - request: the request.
    ///   - maximumKept: how much of the body to keep in the answer.
    ///   - chunk: called with the status and each piece of the body, in order.
    /// - Returns: the status and the kept start of the body.
    /// - Throws: ``HTTPFailure`` when no answer came or the body stopped.
    public static func stream(
        _ request: HTTPRequest, maximumKept: Int, chunk: @escaping @Sendable (Int, ByteBuffer) -> Void
    ) async throws -> HTTPAnswer {
        try await stream(request, maximumKept: maximumKept, overflowFails: false, chunk: chunk)
    }

    /// ``send(_:maximumBody:)`` for synchronous callers (the command line): blocks the calling
    /// thread, which must not be one of SwiftNIO's event loops. It never waits on a Swift task,
    /// so it holds no cooperative-pool thread hostage to another (commands run in-process by the
    /// tests run on that pool): a plain `http://` request is made on the calling thread itself
    /// (``PlainExchange``, which starts no SwiftNIO thread: docs/benchmarks.md), an `https://` one
    /// by AsyncHTTPClient, waiting on the `EventLoopFuture` an event loop completes.
    public static func sendBlocking(_ request: HTTPRequest, maximumBody: Int = 256 << 20) throws -> HTTPAnswer {
        try sendAllBlocking([request], maximumBody: maximumBody)[0].get()
    }

    /// Sends every request at once, blocking the calling thread (as ``sendBlocking(_:maximumBody:)``)
    /// until each is answered or has failed.
    /// - Parameters:
    ///   - requests: the requests.
    ///   - maximumBody: the largest body kept per answer; a larger one fails that request.
    /// - Returns: one result per request, in order.
    public static func sendAllBlocking(_ requests: [HTTPRequest], maximumBody: Int = 256 << 20) -> [Result<HTTPAnswer, HTTPFailure>] {
        let plain = requests.indices.filter { requests[$0].url.scheme?.lowercased() == "http" }
        let secure = requests.indices.filter { requests[$0].url.scheme?.lowercased() != "http" }
        var results = [Result<HTTPAnswer, HTTPFailure>](repeating: .failure(HTTPFailure("not sent")), count: requests.count)
        // The TLS requests start first, on SwiftNIO's loops, and are collected after the plain ones.
        let started = secure.map { index -> Result<EventLoopFuture<HTTPAnswer>, HTTPFailure> in
            let request = requests[index]
            do {
                let (outgoing, deadline) = try prepare(request)
                let collector = BodyCollector(request: request, maximumKept: maximumBody, overflowFails: true, chunk: nil)
                return .success(client.execute(request: outgoing, delegate: collector, deadline: deadline).futureResult)
            } catch {
                return .failure(error as? HTTPFailure ?? HTTPFailure("\(error)"))
            }
        }
        for (index, result) in zip(plain, PlainExchange.sendAll(plain.map { requests[$0] }, maximumBody: maximumBody)) {
            results[index] = result
        }
        for (index, future) in zip(secure, started) {
            results[index] = future.flatMap { future in
                Result {
                    do { return try future.wait() } catch let failure as HTTPFailure { throw failure } catch {
                        throw HTTPFailure(describe(error, timeout: requests[index].timeout))
                    }
                }.mapError { $0 as? HTTPFailure ?? HTTPFailure("\($0)") }
            }
        }
        return results
    }

    /// ``stream(_:maximumKept:chunk:)`` for synchronous callers, as ``sendBlocking(_:maximumBody:)``.
    public static func streamBlocking(
        _ request: HTTPRequest, maximumKept: Int, chunk: @escaping @Sendable (Int, ByteBuffer) -> Void
    ) throws -> HTTPAnswer {
        try blocking(request, BodyCollector(request: request, maximumKept: maximumKept, overflowFails: false, chunk: chunk))
    }

    private static func blocking(_ request: HTTPRequest, _ collector: BodyCollector) throws -> HTTPAnswer {
        let (outgoing, deadline) = try prepare(request)
        do {
            return try client.execute(request: outgoing, delegate: collector, deadline: deadline).wait()
        } catch let failure as HTTPFailure {
            throw failure
        } catch {
            throw HTTPFailure(describe(error, timeout: request.timeout))
        }
    }

    private static func stream(
        _ request: HTTPRequest, maximumKept: Int, overflowFails: Bool, chunk: (@Sendable (Int, ByteBuffer) -> Void)?
    ) async throws -> HTTPAnswer {
        // One future, awaited once: the body is collected on the event loop, so a task waiting
        // here needs Swift's cooperative pool only to resume at the end, not once per piece.
        let (outgoing, deadline) = try prepare(request)
        let collector = BodyCollector(request: request, maximumKept: maximumKept, overflowFails: overflowFails, chunk: chunk)
        do {
            return try await client.execute(request: outgoing, delegate: collector, deadline: deadline).futureResult.get()
        } catch let failure as HTTPFailure {
            throw failure
        } catch {
            throw HTTPFailure(describe(error, timeout: request.timeout))
        }
    }

    /// The request in AsyncHTTPClient's form, and its deadline.
    private static func prepare(_ request: HTTPRequest) throws -> (HTTPClient.Request, NIODeadline) {
        let outgoing: HTTPClient.Request
        do {
            outgoing = try HTTPClient.Request(
                url: request.url, method: HTTPMethod(rawValue: request.method),
                headers: HTTPHeaders(request.headers.map { ($0.name, $0.value) }), body: request.body.map { .bytes($0) })
        } catch {
            throw HTTPFailure("cannot send \(request.summary) to \(request.url.absoluteString): \(error)")
        }
        return (outgoing, NIODeadline.now() + .nanoseconds(Int64(max(request.timeout, 0.001) * 1_000_000_000)))
    }

    /// A transport error in words.
    static func describe(_ error: any Error, timeout: Double) -> String {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "no answer within \(timeout) s"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(client)"
            }
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}

/// Collects a response on its event loop: the status, each piece handed to `chunk`, and at
/// most `maximumKept` bytes kept.
///
/// `@unchecked Sendable`: AsyncHTTPClient calls a delegate on its task's event loop only, one
/// callback at a time, so its state is never touched by two threads at once.
private final class BodyCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = HTTPAnswer

    private let summary: String
    private let maximumKept: Int
    private let overflowFails: Bool
    private let chunk: (@Sendable (Int, ByteBuffer) -> Void)?
    private var status = 0
    private var kept = Data()

    init(request: HTTPRequest, maximumKept: Int, overflowFails: Bool, chunk: (@Sendable (Int, ByteBuffer) -> Void)?) {
        summary = request.summary
        self.maximumKept = maximumKept
        self.overflowFails = overflowFails
        self.chunk = chunk
    }

    func didReceiveHead(task: HTTPClient.Task<HTTPAnswer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = Int(head.status.code)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<HTTPAnswer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        chunk?(status, buffer)
        if kept.count + buffer.readableBytes <= maximumKept {
            kept.append(contentsOf: buffer.readableBytesView)
        } else if overflowFails {
            return task.eventLoop.makeFailedFuture(HTTPFailure("the answer of \(summary) exceeds \(maximumKept) bytes"))
        } else if kept.count < maximumKept {
            kept.append(contentsOf: buffer.readableBytesView.prefix(maximumKept - kept.count))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<HTTPAnswer>) throws -> HTTPAnswer {
        HTTPAnswer(status: status, body: kept)
    }
}
