import AttestPolicy
import Foundation
import Testing

private let signatureRule = "  - {id: r, kind: required_signature, identity: \"O=Example,CN=release@example.com\"}"

private func facts(signers: [String?]) -> PromotionFacts {
    var facts = baseFacts()
    for (index, signer) in signers.enumerated() {
        facts.version.evidence.append(
            EvidenceDocument(kind: "model_signature", digest: "sha256:cc\(index)", seq: UInt64(30 + index), time: march(10), signer: signer)
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
        #expect(result.message.contains("model signatures by O=Other,CN=x only"))
    }

    @Test("a model_signature document without a verified signer does not count")
    func unverifiedDocument() throws {
        #expect(try outcome(signatureRule, facts(signers: [nil])).status == .fail)
        #expect(try outcome(signatureRule, facts(signers: [])).status == .fail)
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
        let signed = EvidenceDocument(kind: "model_signature", digest: "sha256:aa", seq: 1, time: march(1), signer: "CN=a")
        let data = try encoder.encode(signed)
        #expect(try JSONDecoder().decode(EvidenceDocument.self, from: data) == signed)
    }
}
