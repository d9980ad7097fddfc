import Foundation

/// An HTTP answer of the witness: status, content type and body (c2sp.org/tlog-witness).
public struct WitnessAnswer: Sendable, Equatable {
    /// The HTTP status code.
    public let status: Int
    /// The `Content-Type`.
    public let contentType: String
    /// The body.
    public let body: String

    /// 200 with the cosignature lines.
    static func cosigned(_ lines: [String]) -> WitnessAnswer {
        WitnessAnswer(status: 200, contentType: "text/plain; charset=utf-8", body: lines.map { $0 + "\n" }.joined())
    }

    /// 409 with the size of the latest cosigned checkpoint, as `text/x.tlog.size`.
    static func conflict(size: UInt64) -> WitnessAnswer {
        WitnessAnswer(status: 409, contentType: "text/x.tlog.size", body: "\(size)\n")
    }

    /// Any other refusal, with a one-line reason.
    static func refused(_ status: Int, _ reason: String) -> WitnessAnswer {
        WitnessAnswer(status: status, contentType: "text/plain; charset=utf-8", body: reason + "\n")
    }

    /// A checkpoint note (the monitoring endpoint).
    static func note(_ text: String) -> WitnessAnswer {
        WitnessAnswer(status: 200, contentType: "text/plain; charset=utf-8", body: text)
    }
}
