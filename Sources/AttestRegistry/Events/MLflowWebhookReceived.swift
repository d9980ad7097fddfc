/// `mlflow.webhook.received`: `attest serve` accepted a signed MLflow webhook delivery
/// (docs/mlflow.md, "Webhooks"). `model` and `version` name the Attest model and version the
/// delivery is about, when the MLflow model was imported from the same server; `violation` says
/// why a protected alias may not point where the delivery moved it.
public struct MLflowWebhookReceived: Codable, Sendable, Equatable {
    /// `X-MLflow-Delivery-Id`: recorded once; a delivery with a recorded id is a replay.
    public var deliveryId: String
    /// `X-MLflow-Timestamp`, Unix seconds.
    public var timestamp: Int64
    /// MLflow's entity, e.g. `model_version_alias`.
    public var entity: String
    /// MLflow's action, e.g. `created`.
    public var action: String
    /// The tracking server the receiver is configured for, without credentials.
    public var trackingUri: String
    /// The registered model's name in MLflow (`data.name`).
    public var mlflowName: String
    /// The MLflow version (`data.version`), when the delivery names one.
    public var mlflowVersion: Int?
    /// The alias (`data.alias`), for alias deliveries.
    public var alias: String?
    /// The tag key and value (`data.key`, `data.value`), for tag deliveries.
    public var key: String?
    /// The tag value.
    public var value: String?
    /// The Attest model linked to `mlflowName` on that server, if any.
    public var model: String?
    /// The Attest version recorded for `mlflowVersion`, if any.
    public var version: Int?
    /// For an alias created: why the policy set in force does not allow it; absent when it does
    /// or when the delivery is not an alias creation.
    public var violation: String?
    /// `sha256:<hex>` of the delivery's body bytes as signed.
    public var bodyDigest: String

    /// Makes the event.
    public init(
        deliveryId: String, timestamp: Int64, entity: String, action: String, trackingUri: String, mlflowName: String,
        mlflowVersion: Int? = nil, alias: String? = nil, key: String? = nil, value: String? = nil, model: String? = nil,
        version: Int? = nil, violation: String? = nil, bodyDigest: String
    ) {
        self.deliveryId = deliveryId
        self.timestamp = timestamp
        self.entity = entity
        self.action = action
        self.trackingUri = trackingUri
        self.mlflowName = mlflowName
        self.mlflowVersion = mlflowVersion
        self.alias = alias
        self.key = key
        self.value = value
        self.model = model
        self.version = version
        self.violation = violation
        self.bodyDigest = bodyDigest
    }
}
