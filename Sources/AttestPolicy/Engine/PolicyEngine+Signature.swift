/// Parameters of a `required_signature` rule.
public struct RequiredSignatureParameters: Hashable, Codable, Sendable {
    /// The identity that must have signed the version's model files (key `identity`): a
    /// certificate subject as Attest records it (e.g. `CN=dana@example.com,O=Example`) or
    /// `sha256:<hex>` of a public key's PEM text.
    public var identity: String

    /// Creates the parameters.
    /// - Parameter identity: The required signer.
    public init(identity: String) { self.identity = identity }
}

extension PolicyEngine {
    /// `required_signature`: a `model_signature` evidence document whose signer is the named
    /// identity. Attest records such a document only after verifying the OMS signature against the
    /// version's registered artifact, so its presence is the proof; the artifact digests of a
    /// version never change, so it never goes stale.
    static func checkSignature(_ p: RequiredSignatureParameters, facts: PromotionFacts) -> RuleCheck {
        let signatures = facts.version.evidence.filter { $0.kind == "model_signature" && $0.signer != nil }
        let bound = "signed by \(p.identity)"
        if let match = signatures.filter({ $0.signer == p.identity }).max(by: { $0.seq < $1.seq }) {
            return .pass(
                "model signature by \(p.identity) verified (seq \(match.seq))", observed: .text(p.identity), bound: bound,
                cited: [match.seq])
        }
        let others = Array(Set(signatures.compactMap(\.signer))).sorted()
        let found = others.isEmpty ? "no verified model signature" : "model signatures by " + others.joined(separator: ", ") + " only"
        return .fail(
            "\(found); \(p.identity) must sign the model files (attest evidence attach --kind model_signature)",
            observed: .text(others.isEmpty ? "none" : others.joined(separator: ", ")), bound: bound, cited: signatures.map(\.seq))
    }
}
