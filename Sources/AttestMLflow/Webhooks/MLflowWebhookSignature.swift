import Crypto
import Foundation

/// The signature MLflow (3.3 and later) puts on each webhook delivery, and its check.
///
/// MLflow sends `X-MLflow-Delivery-Id` (a UUID), `X-MLflow-Timestamp` (Unix seconds) and
/// `X-MLflow-Signature: v1,BASE64` where BASE64 is the standard base64 of
/// HMAC-SHA256(secret, `DELIVERY_ID "." TIMESTAMP "." BODY`) over the raw body bytes. A delivery
/// is accepted when the signature matches (compared in constant time) and the timestamp is
/// within `tolerance` of now, either way (docs/mlflow.md, "Webhooks").
public struct MLflowWebhookSignature: Sendable {
    /// The header names.
    public static let signatureHeader = "X-MLflow-Signature"
    /// The timestamp header.
    public static let timestampHeader = "X-MLflow-Timestamp"
    /// The delivery id header.
    public static let deliveryHeader = "X-MLflow-Delivery-Id"

    /// The shared secret the webhook was created with.
    let secret: [UInt8]
    /// How far the timestamp may be from now, in seconds.
    public let tolerance: TimeInterval

    /// Makes a checker.
    /// - Parameters:
    ///   - secret: the webhook's secret.
    ///   - tolerance: seconds the timestamp may differ from now (default 300).
    public init(secret: String, tolerance: TimeInterval = 300) {
        self.secret = Array(secret.utf8)
        self.tolerance = tolerance
    }

    /// Why a delivery is refused.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// A header is missing or malformed.
        case malformed(String)
        /// The timestamp is outside the window.
        case stale(seconds: Int64)
        /// The signature does not match.
        case mismatch

        /// A message naming the header.
        public var description: String {
            switch self {
            case .malformed(let why): why
            case .stale(let seconds):
                "\(MLflowWebhookSignature.timestampHeader) is \(seconds) s away from now, outside the accepted window (a replay?)"
            case .mismatch: "\(MLflowWebhookSignature.signatureHeader) does not match the body with the webhook's secret"
            }
        }
    }

    /// The `v1,BASE64` signature of a delivery (what MLflow sends).
    public func sign(deliveryId: String, timestamp: String, body: [UInt8]) -> String {
        "v1," + Data(mac(deliveryId: deliveryId, timestamp: timestamp, body: body)).base64EncodedString()
    }

    /// Checks a delivery.
    /// - Parameters:
    ///   - deliveryId: `X-MLflow-Delivery-Id`.
    ///   - timestamp: `X-MLflow-Timestamp`.
    ///   - signature: `X-MLflow-Signature`.
    ///   - body: the raw body.
    ///   - now: the current time.
    /// - Throws: ``Refusal``.
    public func verify(deliveryId: String?, timestamp: String?, signature: String?, body: [UInt8], now: Date) throws(Refusal) {
        guard let deliveryId, !deliveryId.isEmpty, deliveryId.utf8.count <= 128 else {
            throw .malformed("\(Self.deliveryHeader) is missing")
        }
        guard let timestamp, let seconds = Int64(timestamp), timestamp.allSatisfy(\.isASCII) else {
            throw .malformed("\(Self.timestampHeader) is missing or not a whole number of seconds")
        }
        guard let signature, signature.hasPrefix("v1,"), let given = Data(base64Encoded: String(signature.dropFirst(3))), given.count == 32
        else { throw .malformed("\(Self.signatureHeader) is missing or not 'v1,' and the base64 of 32 bytes") }
        let expected = mac(deliveryId: deliveryId, timestamp: timestamp, body: body)
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        guard difference == 0 else { throw .mismatch }
        let skew = Int64(now.timeIntervalSince1970) - seconds
        guard Double(abs(skew)) <= tolerance else { throw .stale(seconds: skew) }
    }

    func mac(deliveryId: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        var hmac = HMAC<Crypto.SHA256>(key: SymmetricKey(data: secret))
        hmac.update(data: Array("\(deliveryId).\(timestamp).".utf8))
        hmac.update(data: body)
        return Array(hmac.finalize())
    }
}
