import AttestLedger
import Foundation
import GRDB

extension EventType {
    /// `attest serve` accepted a signed MLflow webhook delivery (docs/mlflow.md, "Webhooks").
    public static let mlflowWebhookReceived = "mlflow.webhook.received"
}

extension Registry {
    /// What recording a delivery did.
    public enum WebhookRecording: Sendable, Equatable {
        /// Recorded in this entry.
        case recorded(UInt64)
        /// A delivery with the same id is already recorded in this entry (a replay or a retry):
        /// nothing was written.
        case duplicate(UInt64)
    }

    /// Records an accepted MLflow webhook delivery (`mlflow.webhook.received`), once per
    /// delivery id: the check for an earlier entry with the same `deliveryId` and the append
    /// are one write transaction.
    /// - Parameters:
    ///   - event: the delivery.
    ///   - signer: the server's service actor.
    /// - Returns: the entry, or the earlier one for a delivery id already recorded.
    /// - Throws: `RegistryError` for an unknown or inactive signer, `LedgerError` for storage.
    public func recordWebhook(_ event: MLflowWebhookReceived, by signer: Signer) throws -> WebhookRecording {
        try ledger.write { writer in
            _ = try Self.acting(signer: signer, db: writer.db)
            let earlier = try Int64.fetchOne(
                writer.db,
                sql: """
                    SELECT seq FROM entries WHERE type = ? AND json_valid(CAST(payload AS TEXT))
                    AND json_extract(CAST(payload AS TEXT), '$.deliveryId') = ? ORDER BY seq LIMIT 1
                    """, arguments: [EventType.mlflowWebhookReceived, event.deliveryId])
            if let earlier { return .duplicate(UInt64(earlier)) }
            let draft = try EntryDraft(type: EventType.mlflowWebhookReceived, encoding: event)
            return .recorded(try writer.append(draft, signer: signer).sequence)
        }
    }

    /// The Attest model imported from `mlflowName` on `trackingUri`, and the Attest version
    /// recorded for each of its MLflow versions.
    /// - Returns: `nil` when no Attest model is linked to it.
    /// - Throws: `LedgerError` for storage.
    public func mlflowLinked(trackingUri: String, mlflowName: String) throws -> (model: String, versions: [Int: Int])? {
        for summary in try models() {
            let info = try model(summary.name)
            guard let link = info.model.mlflow, link.trackingUri == trackingUri, link.name == mlflowName else { continue }
            var versions: [Int: Int] = [:]
            for version in info.versions { if let mlflow = version.registration.mlflow { versions[mlflow.version] = version.version } }
            return (summary.name, versions)
        }
        return nil
    }
}
