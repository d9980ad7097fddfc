import AttestLedger
import AttestMLflow
import AttestRegistry
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/mlflow/webhook`: MLflow's webhook deliveries (docs/mlflow.md, "Webhooks"). The
/// route takes no RFC 9421 signature: a delivery proves itself by MLflow's HMAC signature with the
/// webhook's secret and a fresh timestamp, and is recorded once per delivery id, signed by the
/// server's service actor.
enum MLflowWebhookRoutes {
    static let path = "/v1/mlflow/webhook"

    static func add(to book: RouteBook) {
        let state = book.state
        book.add(.post, path, access: .anonymous) { call in
            guard let receiver = state.configuration.mlflowWebhook, let signer = state.configuration.serviceSigner else {
                throw ServerError(
                    .notFound, "this server receives no MLflow webhooks; start it with --mlflow-webhook-secret-file and --service-key")
            }
            let fields = call.request.headers
            func field(_ name: String) -> String? { HTTPField.Name(name).flatMap { fields[$0] } }
            let headers = MLflowWebhookReceiver.Headers(
                deliveryId: field(MLflowWebhookSignature.deliveryHeader), timestamp: field(MLflowWebhookSignature.timestampHeader),
                signature: field(MLflowWebhookSignature.signatureHeader))
            let body = call.body
            let outcome = try await offload { () throws -> MLflowWebhookReceiver.Outcome in
                do {
                    return try receiver.receive(
                        headers: headers, body: body, now: state.configuration.clock(), registry: state.registry, signer: signer)
                } catch let rejection as MLflowWebhookReceiver.Rejection {
                    switch rejection.kind {
                    case .unauthenticated: throw ServerError(.unauthenticated, rejection.message)
                    case .badInput: throw ServerError(.badInput, rejection.message)
                    case .replayed: throw ServerError(.conflict, rejection.message)
                    }
                } catch {
                    throw ServerError.from(error)
                }
            }
            return try JSONResponse.make(outcome)
        }
    }

    /// Refuses a webhook configuration the server cannot honour: no service actor to sign the
    /// entries, or enforcement by an actor who may not move aliases.
    /// - Throws: ``ServerError`` (`.badInput`).
    static func check(_ configuration: ServerConfiguration, registry: Registry) throws {
        guard let receiver = configuration.mlflowWebhook else { return }
        guard let signer = configuration.serviceSigner else {
            throw ServerError(.badInput, "receiving MLflow webhooks needs --service-key: the server's actor signs what it records")
        }
        guard receiver.enforce else { return }
        let roles = try registry.actors().first { $0.name == signer.name }?.roles ?? []
        guard !Set(roles).isDisjoint(with: Registry.aliasKeepers) else {
            throw ServerError(
                .badInput,
                "--mlflow-enforce moves aliases in MLflow, which needs the service actor \(signer.name) to hold \(Registry.aliasKeepers.joined(separator: " or "))"
            )
        }
    }
}
