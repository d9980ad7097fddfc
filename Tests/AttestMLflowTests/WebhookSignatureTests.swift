import AttestMLflow
import Foundation
import Synchronization
import Testing

/// MLflow's webhook signatures, checked against signatures made by MLflow's own code
/// (`mlflow.webhooks.delivery._generate_hmac_signature` in the pinned venv).
@Suite("MLflow webhook signatures")
struct WebhookSignatureTests {
    static let body =
        #"{"entity": "model_version_alias", "action": "created", "data": {"name": "credit", "alias": "champion", "version": "2"}}"#
    static let delivery = "7c0c3b3e-9d3a-4a7e-8d55-6f3b2a1c0d9e"
    static let timestamp = "1796000000"
    static let now = Date(timeIntervalSince1970: 1_796_000_030)

    /// The secrets the tests sign with.
    static let secrets = ["whsec-attest", "guessed"]

    /// The signatures MLflow's delivery code makes for the body, one per secret: made by one
    /// Python process (importing MLflow costs seconds of CPU), once per test run.
    private static let signatures = Mutex<Result<[String: String], any Error>?>(nil)

    /// The signature MLflow's delivery code makes for the body with `secret` (one of `secrets`).
    static func mlflowSignature(secret: String) throws -> String {
        let all = try signatures.withLock { cached in
            if let cached { return cached }
            let made = Result { try mlflowSignatures() }
            cached = made
            return made
        }.get()
        return try #require(all[secret])
    }

    private static func mlflowSignatures() throws -> [String: String] {
        try MLflowTools.ensureVenv()
        let program = """
            import sys
            from mlflow.webhooks.delivery import _generate_hmac_signature
            for secret in sys.argv[4:]:
                print(_generate_hmac_signature(secret, sys.argv[1], sys.argv[2], sys.argv[3]))
            """
        let result = try MLflowTools.run(
            MLflowTools.python, ["-c", program, delivery, timestamp, body] + secrets, in: FileManager.default.temporaryDirectory)
        try MLflowTools.require(result, "mlflow _generate_hmac_signature")
        let lines = result.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(lines.count == secrets.count, "\(result.out)")
        return Dictionary(uniqueKeysWithValues: zip(secrets, lines))
    }

    @Test("a delivery signed by MLflow verifies, and Attest signs it the same way")
    func mlflowSignedDeliveryVerifies() throws {
        let signature = try Self.mlflowSignature(secret: "whsec-attest")
        let checker = MLflowWebhookSignature(secret: "whsec-attest")
        #expect(checker.sign(deliveryId: Self.delivery, timestamp: Self.timestamp, body: Array(Self.body.utf8)) == signature)
        try checker.verify(
            deliveryId: Self.delivery, timestamp: Self.timestamp, signature: signature, body: Array(Self.body.utf8), now: Self.now)
    }

    @Test("attack: forged, mis-signed, replayed or headerless deliveries are refused")
    func forgeriesAreRefused() throws {
        let signature = try Self.mlflowSignature(secret: "whsec-attest")
        let checker = MLflowWebhookSignature(secret: "whsec-attest")
        let body = Array(Self.body.utf8)
        func refusal(
            _ signature: String?, _ body: [UInt8], delivery: String? = Self.delivery, timestamp: String? = Self.timestamp,
            now: Date = Self.now
        ) -> MLflowWebhookSignature.Refusal? {
            do {
                try checker.verify(deliveryId: delivery, timestamp: timestamp, signature: signature, body: body, now: now)
                return nil
            } catch { return (error as any Error) as? MLflowWebhookSignature.Refusal ?? .malformed("\(error)") }
        }
        // The alias moved to another version in the body: the signature no longer matches.
        let forged = Array(Self.body.replacingOccurrences(of: "\"2\"", with: "\"3\"").utf8)
        #expect(refusal(signature, forged) == .mismatch)
        // Signed with another secret.
        let guessed = try Self.mlflowSignature(secret: "guessed")
        #expect(refusal(guessed, body) == .mismatch)
        // Another delivery id or timestamp under the same signature.
        #expect(refusal(signature, body, delivery: "another-id") == .mismatch)
        #expect(refusal(signature, body, timestamp: "1796000001") == .mismatch)
        // A genuine delivery replayed an hour later.
        #expect(refusal(signature, body, now: Self.now.addingTimeInterval(3600)) == .stale(seconds: 3630))
        // Missing or malformed headers.
        #expect(refusal(signature, body, delivery: nil) != nil)
        #expect(refusal(signature, body, timestamp: nil) != nil)
        #expect(refusal(nil, body) != nil)
        #expect(refusal("v2," + signature.dropFirst(3), body) != nil)
        #expect(refusal(signature, body) == nil)
    }
}
