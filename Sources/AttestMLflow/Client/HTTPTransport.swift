import AttestHTTP
import Crypto
import Foundation
import NIOCore
import Synchronization

/// Synchronous HTTP for the (synchronous) commands, on ``HTTPExchange``: JSON exchanges, and
/// downloads that are hashed as they stream in and never kept.
struct HTTPTransport: Sendable {
    /// Seconds a request may take.
    let timeout: TimeInterval

    /// The largest JSON answer kept: 256 MiB.
    static let maximumBody = 256 << 20

    /// Sends a request and returns the status and the whole body (at most ``maximumBody``
    /// bytes), or why no answer came (refused connection, timeout, TLS).
    func exchange(_ request: HTTPRequest) -> (status: Int, body: Data, failure: String?) {
        var request = request
        request.timeout = timeout
        do {
            let answer = try HTTPExchange.sendBlocking(request, maximumBody: Self.maximumBody)
            return (answer.status, answer.body, nil)
        } catch {
            return (0, Data(), "\(error)")
        }
    }

    /// Streams a response body through SHA-256 without keeping it.
    /// - Returns: the status; for 200 the digest (`sha256:<hex>`) and size; for another status
    ///   the start of the body; or why no answer came.
    func download(_ request: HTTPRequest) -> (status: Int, digest: String, size: Int64, body: Data, failure: String?) {
        var request = request
        request.timeout = timeout
        let state = Mutex((hasher: Crypto.SHA256(), size: Int64(0)))
        do {
            let answer = try HTTPExchange.streamBlocking(request, maximumKept: 4096) { status, piece in
                guard status == 200 else { return }
                state.withLock { state in
                    piece.withUnsafeReadableBytes { state.hasher.update(bufferPointer: $0) }
                    state.size += Int64(piece.readableBytes)
                }
            }
            let (hasher, size) = state.withLock { ($0.hasher, $0.size) }
            let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return (answer.status, "sha256:" + hex, size, answer.status == 200 ? Data() : answer.body, nil)
        } catch {
            return (0, "", 0, Data(), "\(error)")
        }
    }
}
