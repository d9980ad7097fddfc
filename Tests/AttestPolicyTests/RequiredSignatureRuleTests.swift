import AttestPolicy
import Foundation
import Testing

private let root = "sha256:" + String(repeating: "ab", count: 32)
private let otherRoot = "sha256:" + String(repeating: "cd", count: 32)
private let signatureRule = "  - {id: r, kind: required_signature, identity: \"O=Example,CN=release@example.com\", root: \"\(root)\"}"
private let keyIdentity = "sha256:" + String(repeating: "0f", count: 32)

private func facts(signers: [String?], root signerRoot: String? = root) -> PromotionFacts {
    var facts = baseFacts()
    for (index, signer) in signers.enumerated() {
        facts.version.evidence.append(
            EvidenceDocument(
                kind: "model_signature", digest: "sha256:cc\(index)", seq: UInt64(30 + index), time: march(10), signer: signer,
                signerRoot: signer == nil ? nil : signerRoot)
        )
    }
    return facts
}

@Suite("required_signature rule")
struct RequiredSignatureRuleTests {
    @Test("passes with a verified signature by the named identity, citing it")
    func passes() throws {
        let result = try outcome(signatureRule, facts(signers: ["O=Other,CN=x", "O=Example,CN=release@example.com"]))
        #expect(result.status == .pass)
        #expect(result.citedSeqs == [31])
    }

    @Test("fails with signatures by others only, naming them")
    func othersOnly() throws {
        let result = try outcome(signatureRule, facts(signers: ["O=Other,CN=x"]))
        #expect(result.status == .fail)
        #expect(result.message.contains("model signatures by O=Other,CN=x (root sha256:abababababab…) only"), "\(result.message)")
    }

    @Test("a model_signature document without a verified signer does not count")
    func unverifiedDocument() throws {
        #expect(try outcome(signatureRule, facts(signers: [nil])).status == .fail)
        #expect(try outcome(signatureRule, facts(signers: [])).status == .fail)
    }

    @Test("a certificate subject counts only under the rule's root: the same subject from a self-made root fails")
    func subjectFromAnotherRoot() throws {
        let forged = try outcome(signatureRule, facts(signers: ["O=Example,CN=release@example.com"], root: otherRoot))
        #expect(forged.status == .fail)
        #expect(forged.message.contains("(root sha256:cdcdcdcdcdcd…) only"), "\(forged.message)")
        #expect(try outcome(signatureRule, facts(signers: ["O=Example,CN=release@example.com"], root: nil)).status == .fail)
    }

    @Test("a key identity needs no root and matches a signature verified with that key")
    func keyIdentityPasses() throws {
        let rule = "  - {id: r, kind: required_signature, identity: \"\(keyIdentity)\"}"
        #expect(try outcome(rule, facts(signers: [keyIdentity], root: nil)).status == .pass)
    }

    @Test(
        "a certificate subject without root, a key identity with one, and malformed digests are refused when the policy loads",
        arguments: [
            ("identity: \"CN=x\"", "missing required key 'root'"),
            ("identity: \"\(keyIdentity)\", root: \"\(root)\"", "'root' in rule 'r' applies to a certificate subject"),
            ("identity: \"CN=x\", root: \"sha256:AB\"", "'root' in rule 'r' must be sha256: and 64 lowercase hex digits"),
            ("identity: \"sha256:12\"", "'identity' in rule 'r' must be sha256: and 64 lowercase hex digits"),
        ])
    func refusedWhenLoaded(keys: String, message: String) {
        let error = policyError { _ = try loadSet(policy("  - {id: r, kind: required_signature, \(keys)}")) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error?.message))")
    }

    @Test("identity is required")
    func identityRequired() {
        let error = policyError { _ = try loadSet(policy("  - {id: r, kind: required_signature}")) }
        #expect(error != nil)
        #expect(error?.message.contains("identity") == true)
    }

    @Test("the signer is encoded only when present, so facts digests of earlier decisions do not change")
    func signerEncodedOnlyWhenPresent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = EvidenceDocument(kind: "model_card", digest: "sha256:aa", seq: 1, time: march(1))
        #expect(!String(decoding: try encoder.encode(plain), as: UTF8.self).contains("signer"))
        let keySigned = EvidenceDocument(kind: "model_signature", digest: "sha256:aa", seq: 1, time: march(1), signer: keyIdentity)
        #expect(!String(decoding: try encoder.encode(keySigned), as: UTF8.self).contains("signerRoot"))
        let signed = EvidenceDocument(
            kind: "model_signature", digest: "sha256:aa", seq: 1, time: march(1), signer: "CN=a", signerRoot: root)
        let data = try encoder.encode(signed)
        #expect(try JSONDecoder().decode(EvidenceDocument.self, from: data) == signed)
    }
}
