import AttestLedger
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of one witness's add-checkpoint endpoint (c2sp.org/tlog-witness), on URLSession.
public struct WitnessClient: Sendable {
    /// What the witness answered.
    public enum Outcome: Sendable, Equatable {
        /// 200: the cosignature lines.
        case cosigned([SignedNote.Signature])
        /// 409: the size of the latest checkpoint the witness cosigned.
        case conflict(UInt64)
        /// Any other status, with the witness's reason.
        case refused(status: Int, reason: String)
    }

    /// The witness's submission prefix, e.g. `http://127.0.0.1:7380`.
    public let url: URL
    /// How long to wait for an answer, in seconds.
    public let timeout: Double
    private let session: URLSession

    /// Makes a client.
    /// - Parameters:
    ///   - url: the submission prefix.
    ///   - timeout: seconds to wait for each answer.
    ///   - session: the URL session (keep-alive connections are reused across calls).
    public init(url: URL, timeout: Double = 5, session: URLSession = .shared) {
        self.url = url
        self.timeout = timeout
        self.session = session
    }

    /// Sends one add-checkpoint request.
    /// - Parameter request: the request.
    /// - Returns: the outcome.
    /// - Throws: `WitnessError` (`.unreachable`) when no answer came, (`.refused`) for a
    ///   malformed answer.
    public func add(_ request: AddCheckpointRequest) async throws -> Outcome {
        var post = URLRequest(url: url.appendingPathComponent("add-checkpoint"), timeoutInterval: timeout)
        post.httpMethod = "POST"
        post.httpBody = Data(request.body.utf8)
        let data: Data
        let response: URLResponse
        do { (data, response) = try await session.data(for: post) } catch {
            throw WitnessError(.unreachable, "witness \(url.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        switch status {
        case 200:
            do { return .cosigned(try SignedNote.parseSignatureLines(text)) } catch let error as LedgerError {
                throw WitnessError(.refused, "witness \(url.absoluteString) answered 200 without signature lines: \(error.message)")
            }
        case 409:
            let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
            guard let size = UInt64(line), String(size) == line else {
                throw WitnessError(.refused, "witness \(url.absoluteString) answered 409 without a tree size")
            }
            return .conflict(size)
        default:
            return .refused(status: status, reason: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
