import AttestLedger
import AttestRegistry
import Foundation

/// Receives MLflow webhook deliveries for `attest serve` (`POST /v1/mlflow/webhook`,
/// docs/mlflow.md, "Webhooks"): checks the signature and timestamp, records each accepted
/// delivery once as a `mlflow.webhook.received` entry signed by the server's service actor, and
/// audits a protected alias that a delivery says was created; with `enforce`, a violating alias
/// is moved back in MLflow and the move recorded (`mlflow.alias.reverted`), as
/// `attest mlflow audit --enforce` does.
public struct MLflowWebhookReceiver: Sendable {
    /// The signature check (the webhook's secret and the timestamp window).
    public let signature: MLflowWebhookSignature
    /// The MLflow server the webhook belongs to: deliveries are matched to models imported
    /// from it, and enforcement moves aliases there.
    public let client: MLflowClient
    /// Whether a violating alias is moved back in MLflow.
    public let enforce: Bool

    /// Makes a receiver.
    /// - Parameters:
    ///   - secret: the webhook's secret, as given to MLflow's `create_webhook`.
    ///   - client: the MLflow server.
    ///   - enforce: move violating protected aliases back (the signer must be an admin or risk officer).
    ///   - tolerance: seconds the delivery's timestamp may be from now (default 300).
    public init(secret: String, client: MLflowClient, enforce: Bool, tolerance: TimeInterval = 300) {
        signature = MLflowWebhookSignature(secret: secret, tolerance: tolerance)
        self.client = client
        self.enforce = enforce
    }

    /// Why a delivery was not taken.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// The kind, which decides the HTTP status.
        public enum Kind: Sendable, Equatable {
            /// A missing, malformed or wrong signature, or a timestamp outside the window (401).
            case unauthenticated
            /// A body that is not an MLflow webhook payload (400).
            case badInput
            /// A delivery id already recorded, in this entry (409): a replay or a retry.
            case replayed(UInt64)
        }

        /// The kind.
        public let kind: Kind
        /// What was wrong.
        public let message: String

        /// The message.
        public var description: String { message }
    }

    /// The headers of a delivery.
    public struct Headers: Sendable {
        /// `X-MLflow-Delivery-Id`.
        public var deliveryId: String?
        /// `X-MLflow-Timestamp`.
        public var timestamp: String?
        /// `X-MLflow-Signature`.
        public var signature: String?

        /// Names the headers.
        public init(deliveryId: String?, timestamp: String?, signature: String?) {
            self.deliveryId = deliveryId
            self.timestamp = timestamp
            self.signature = signature
        }
    }

    /// What receiving a delivery did.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The `mlflow.webhook.received` entry.
        public var entry: UInt64
        /// The delivery as recorded.
        public var received: MLflowWebhookReceived
        /// With enforcement: the alias as audited after the delivery (moved back when `entry` is set).
        public var audit: [MLflowAuditor.AliasState]?
        /// With enforcement: why moving the alias back failed (MLflow unreachable, ...); the
        /// delivery and its violation are recorded, `attest mlflow audit --enforce` retries.
        public var enforcementError: String?
    }

    /// Receives one delivery.
    /// - Parameters:
    ///   - headers: the delivery's headers.
    ///   - body: the raw body, as signed.
    ///   - now: the current time.
    ///   - registry: the ledger.
    ///   - signer: the server's service actor, who signs the entries.
    /// - Returns: the entry recorded and what the audit found.
    /// - Throws: ``Rejection`` (nothing recorded); `RegistryError`/`LedgerError` for storage.
    public func receive(headers: Headers, body: [UInt8], now: Date, registry: Registry, signer: Signer) throws -> Outcome {
        do throws(MLflowWebhookSignature.Refusal) {
            try signature.verify(
                deliveryId: headers.deliveryId, timestamp: headers.timestamp, signature: headers.signature, body: body, now: now)
        } catch {
            throw Rejection(kind: .unauthenticated, message: "MLflow webhook delivery refused: \(error.description); nothing recorded")
        }
        var event = try Self.parse(body, headers: headers, trackingUri: client.trackingUri)
        if let linked = try registry.mlflowLinked(trackingUri: client.trackingUri, mlflowName: event.mlflowName) {
            event.model = linked.model
            event.version = event.mlflowVersion.flatMap { linked.versions[$0] }
            if event.entity == "model_version_alias", event.action == "created", let alias = event.alias, let number = event.mlflowVersion {
                event.violation = try registry.aliasViolation(
                    alias: alias, model: linked.model, version: event.version, described: "MLflow version \(number)")?.reason
            }
        }
        var outcome: Outcome
        switch try registry.recordWebhook(event, by: signer) {
        case .duplicate(let entry):
            throw Rejection(
                kind: .replayed(entry),
                message:
                    "MLflow webhook delivery \(event.deliveryId) is already recorded in entry \(entry) (a replay or a retry); nothing recorded"
            )
        case .recorded(let entry):
            outcome = Outcome(entry: entry, received: event)
        }
        if enforce, event.violation != nil, let model = event.model {
            do {
                outcome.audit = try MLflowAuditor(registry: registry, client: client).run(models: [model], enforce: signer)
                    .filter { $0.alias == event.alias }
            } catch {
                outcome.enforcementError = "\(error)"
            }
        }
        return outcome
    }

    /// Reads MLflow's payload: `{"entity", "action", "timestamp", "data": {"name", "version"?, "alias"?, "key"?, "value"?, ...}}`.
    static func parse(_ body: [UInt8], headers: Headers, trackingUri: String) throws -> MLflowWebhookReceived {
        func refuse(_ why: String) -> Rejection {
            Rejection(kind: .badInput, message: "MLflow webhook delivery \(headers.deliveryId ?? ""): \(why); nothing recorded")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw refuse("the body is not a JSON object")
        }
        guard let entity = object["entity"] as? String, let action = object["action"] as? String,
            let data = object["data"] as? [String: Any], let name = data["name"] as? String, !name.isEmpty
        else { throw refuse("the body lacks 'entity', 'action' or 'data.name'") }
        var version: Int?
        if let text = data["version"] as? String {
            guard let number = Int(text) else { throw refuse("'data.version' is '\(text.prefix(40))', not a version number") }
            version = number
        }
        return MLflowWebhookReceived(
            deliveryId: headers.deliveryId ?? "", timestamp: Int64(headers.timestamp ?? "") ?? 0, entity: entity, action: action,
            trackingUri: trackingUri, mlflowName: name, mlflowVersion: version, alias: data["alias"] as? String,
            key: data["key"] as? String, value: data["value"] as? String, bodyDigest: "sha256:" + SHA256Hex.of(Data(body)))
    }
}
