/// The predicate types Attest writes (docs/attestations.md).
public enum PredicateTypes {
    /// SLSA Verification Summary Attestation v1, for promotion decisions
    /// (<https://slsa.dev/spec/v1.0/verification_summary>).
    public static let verificationSummary = "https://slsa.dev/verification_summary/v1"
    /// in-toto test-result v0.1, for a decision's rule outcomes (gate outcomes)
    /// (<https://github.com/in-toto/attestation/blob/main/spec/predicates/test-result.md>).
    public static let testResult = "https://in-toto.io/attestation/test-result/v0.1"
    /// Attest's evaluation predicate (schema: docs/schemas/attest-evaluation-v1.schema.json).
    public static let evaluation = "https://attest.dev/attestation/evaluation/v1"
    /// The OMS model signature predicate (OpenSSF model signing v1.0).
    public static let modelSignature = "https://model_signing/signature/v1.0"
    /// The identifier Attest gives itself as a VSA verifier.
    public static let verifierID = "https://attest.dev/verifier"
}
