import AttestHTTP
import AttestLedger
import Foundation

/// A client of one witness's add-checkpoint endpoint (c2sp.org/tlog-witness), on ``HTTPExchange``.
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

    /// Makes a client (keep-alive connections are reused across calls).
    /// - Parameters:
    ///   - url: the submission prefix.
    ///   - timeout: seconds to wait for each answer.
    public init(url: URL, timeout: Double = 5) {
        self.url = url
        self.timeout = timeout
    }

    /// Sends one add-checkpoint request.
    /// - Parameter request: the request.
    /// - Returns: the outcome.
    /// - Throws: `WitnessError` (`.unreachable`) when no answer came, (`.refused`) for a
    ///   malformed answer.
    public func add(_ request: AddCheckpointRequest) async throws -> Outcome {
        let answer: HTTPAnswer
        do { answer = try await HTTPExchange.send(post(request), maximumBody: Self.maximumAnswer) } catch {
            throw unreachable(error)
        }
        return try outcome(of: answer)
    }

    /// The largest answer read from a witness.
    static let maximumAnswer = 1 << 20

    /// The HTTP request that carries `request`.
    func post(_ request: AddCheckpointRequest) -> HTTPRequest {
        // A connection per request: a pooled connection could outlive the witness it was opened
        // to, and a restarted witness (or another process) on the same port would answer on it.
        HTTPRequest(
            url: url.appendingPathComponent("add-checkpoint"), method: "POST", headers: [("Connection", "close")],
            body: Data(request.body.utf8), timeout: timeout)
    }

    /// The error for a request that got no answer.
    func unreachable(_ error: any Error) -> WitnessError {
        WitnessError(.unreachable, "witness \(url.absoluteString): \(error)")
    }

    /// What an answer says.
    /// - Throws: `WitnessError` (`.refused`) for a malformed answer.
    func outcome(of answer: HTTPAnswer) throws -> Outcome {
        let text = String(decoding: answer.body, as: UTF8.self)
        switch answer.status {
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
            return .refused(status: answer.status, reason: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
