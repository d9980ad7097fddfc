/// Parameters of a `required_signature` rule.
public struct RequiredSignatureParameters: Hashable, Codable, Sendable {
    /// The identity that must have signed the version's model files (key `identity`): a
    /// certificate subject as Attest records it (e.g. `CN=dana@example.com,O=Example`) or
    /// `sha256:<hex>` of a public key's PEM text.
    public var identity: String
    /// For a certificate subject, the root its chain must end at (key `root`): `sha256:<hex>` of
    /// the root certificate's DER. `nil` for a key identity.
    public var root: String?

    /// Creates the parameters.
    /// - Parameters:
    ///   - identity: The required signer.
    ///   - root: For a certificate subject, the SHA-256 of the root's DER.
    public init(identity: String, root: String? = nil) {
        self.identity = identity
        self.root = root
    }

    /// Whether `text` is `sha256:` and 64 lowercase hex digits.
    static func isDigest(_ text: String) -> Bool {
        let hex = text.utf8.dropFirst(7)
        return text.hasPrefix("sha256:") && hex.count == 64
            && hex.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }

    /// How the signer appears in messages: the identity, and for a certificate its root.
    var described: String { Self.text(identity: identity, root: root) }

    /// An identity as messages show it, with a certificate's root shortened to 12 hex digits.
    static func text(identity: String, root: String?) -> String {
        root.map { "\(identity) (root \($0.prefix(19))…)" } ?? identity
    }
}

extension PolicyEngine {
    /// `required_signature`: a `model_signature` evidence document whose signer is the named
    /// identity (and, for a certificate subject, whose chain ended at the rule's root). Attest records
    /// such a document only after verifying the OMS signature against the version's registered
    /// artifact, so its presence is the proof; the artifact digests of a version never change, so
    /// it never goes stale.
    static func checkSignature(_ p: RequiredSignatureParameters, facts: PromotionFacts) -> RuleCheck {
        let signatures = facts.version.evidence.filter { $0.kind == "model_signature" && $0.signer != nil }
        let bound = "signed by \(p.described)"
        let matches = signatures.filter { $0.signer == p.identity && $0.signerRoot == p.root }
        if let match = matches.max(by: { $0.seq < $1.seq }) {
            return .pass(
                "model signature by \(p.described) verified (seq \(match.seq))", observed: .text(p.identity), bound: bound,
                cited: [match.seq])
        }
        let others = Set(signatures.map(Self.signerText)).sorted()
        let found = others.isEmpty ? "no verified model signature" : "model signatures by " + others.joined(separator: ", ") + " only"
        return .fail(
            "\(found); \(p.described) must sign the model files (attest evidence attach --kind model_signature)",
            observed: .text(others.isEmpty ? "none" : others.joined(separator: ", ")), bound: bound, cited: signatures.map(\.seq))
    }

    /// A verified signer as messages show it.
    private static func signerText(_ document: EvidenceDocument) -> String {
        RequiredSignatureParameters.text(identity: document.signer ?? "", root: document.signerRoot)
    }
}
