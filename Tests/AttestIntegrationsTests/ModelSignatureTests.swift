import AttestIntegrations
import AttestLedger
import Foundation
import Testing

@Suite("OMS model signatures", .serialized)
struct ModelSignatureTests {
    @Test("a key signature by model-signing verifies against the registered folder and records who signed")
    func keySignature() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        try box.makeKey("signer")
        try box.signWithKey("model", key: "signer", signature: "model.sig")
        let attached = box.attach(version: 1, signature: "model.sig", folder: "model", publicKey: "signer.pub")
        #expect(attached.code == 0, "\(attached.err)")
        #expect(attached.out.contains("Verified the key signature of sha256:"), "\(attached.out)")
        #expect(attached.out.contains("(P-256) over 2 files of scorer v1"))
        #expect(box.run("evidence", "list", "scorer", "1").out.contains("model_signature"))
        // The export names the OMS manifest digest as a subject, next to the artifact.
        let manifestDigest = try #require(JSONValue(parsing: Array(try box.read("model.sig")))).manifestSubjectDigest
        #expect(box.run("export", "scorer", "1", "--format", "in-toto", "--out", "out", "--as", "vera").code == 0)
        #expect(box.run("evaluate", "scorer", "1", "--data", "test.csv", "--label", "y", "--prediction", "p", "--as", "dana").code == 0)
        #expect(box.run("export", "scorer", "1", "--format", "in-toto", "--out", "out2", "--as", "vera").code == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: box.url("out2").path)
        let evaluation = try #require(names.first { $0.hasSuffix(".evaluation.dsse.json") })
        let envelope = try DSSEEnvelope(
            json: try #require(JSONValue(parsing: Array(try box.read("out2/\(evaluation)")))), source: evaluation)
        let subjects = try #require(JSONValue(parsing: envelope.payload)?["subject"]?.arrayValue)
        #expect(subjects.contains { $0["digest"]?["sha256"]?.stringValue == manifestDigest })
        #expect(subjects.contains { $0["name"]?.stringValue == "model" })
    }

    @Test("a certificate signature chains to the given root and records the certificate's subject; a P-384 key works too")
    func certificateSignature() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        try box.makeRoot("root")
        try box.makeLeaf("leaf", subject: "/CN=dana@example.com/O=Attest Tests", root: "root")
        try box.signWithCertificate("model", leaf: "leaf", root: "root", signature: "model.sig")
        let attached = box.attach(version: 1, signature: "model.sig", folder: "model", root: "root.pem")
        #expect(attached.code == 0, "\(attached.err)")
        #expect(attached.out.contains("certificate signature of"), "\(attached.out)")
        #expect(attached.out.contains("dana@example.com"))
        // Another root: refused (exit 1) and recorded.
        try box.makeRoot("other")
        let before = try box.entryCount
        let otherRoot = box.attach(version: 1, signature: "model.sig", folder: "model", root: "other.pem")
        #expect(otherRoot.code == 1)
        #expect(otherRoot.err.contains("does not chain to the given root"), "\(otherRoot.err)")
        #expect(try box.entryCount == before + 1)
        #expect(box.run("log", "--json").out.contains("action.refused"))
        // A P-384 key signature.
        try box.makeKey("big", curve: "secp384r1")
        try box.signWithKey("model", key: "big", signature: "big.sig")
        let p384 = box.attach(version: 1, signature: "big.sig", folder: "model", publicKey: "big.pub")
        #expect(p384.code == 0 && p384.out.contains("(P-384)"), "\(p384.err)")
    }

    @Test("a changed file, a changed manifest and a wrong key are each refused (exit 1) and recorded")
    func refusals() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.makeKey("signer")
        try box.makeKey("stranger")
        try box.signWithKey("model", key: "signer", signature: "model.sig")
        // The file changes after signing; the changed folder is what gets registered.
        try box.write("model/weights.bin", "poisoned weights\n")
        try box.register("model")
        var before = try box.entryCount
        let changedFile = box.attach(version: 1, signature: "model.sig", folder: "model", publicKey: "signer.pub")
        #expect(changedFile.code == 1)
        #expect(changedFile.err.contains("weights.bin changed"), "\(changedFile.err)")
        #expect(try box.entryCount == before + 1)

        // A signature over the registered files, whose manifest is then edited.
        try box.signWithKey("model", key: "signer", signature: "good.sig")
        #expect(box.attach(version: 1, signature: "good.sig", folder: "model", publicKey: "signer.pub").code == 0)
        try box.write("edited.sig", try Self.editManifest(try box.read("good.sig")))
        before = try box.entryCount
        let changedManifest = box.attach(version: 1, signature: "edited.sig", folder: "model", publicKey: "signer.pub")
        #expect(changedManifest.code == 1)
        #expect(changedManifest.err.contains("does not verify"), "\(changedManifest.err)")
        #expect(try box.entryCount == before + 1)

        // The right files, checked with another key.
        before = try box.entryCount
        let wrongKey = box.attach(version: 1, signature: "good.sig", folder: "model", publicKey: "stranger.pub")
        #expect(wrongKey.code == 1)
        #expect(wrongKey.err.contains("signed with another key"), "\(wrongKey.err)")
        #expect(try box.entryCount == before + 1)

        // A folder that is not the registered artifact.
        try box.makeModelFolder("elsewhere")
        let otherFolder = box.attach(version: 1, signature: "good.sig", folder: "elsewhere", publicKey: "signer.pub")
        #expect(otherFolder.code == 1)
        #expect(otherFolder.err.contains("is not a folder registered as an artifact of scorer v1"), "\(otherFolder.err)")
    }

    @Test("a signature file inside the model folder is left out by its signed ignore path; model-signing agrees with Attest")
    func signatureInsideFolder() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.write("model/a-c", "dash\n")
        try box.write("model/a/b", "slash\n")
        try box.makeKey("signer")
        try box.signWithKey("model", key: "signer", signature: "model/model.sig")
        try box.register("model")
        let attached = box.attach(version: 1, signature: "model/model.sig", folder: "model", publicKey: "signer.pub")
        #expect(attached.code == 0, "\(attached.err)")
        #expect(attached.out.contains("over 4 files"), "\(attached.out)")
        let theirs = try box.modelSigning(["verify", "key", "model", "--signature", "model/model.sig", "--public_key", "signer.pub"])
        #expect(theirs.code == 0, "\(theirs.err)")
        // A changed file: both refuse.
        try box.write("model/a/b", "changed\n")
        let theirsChanged = try box.modelSigning(["verify", "key", "model", "--signature", "model/model.sig", "--public_key", "signer.pub"])
        #expect(theirsChanged.code != 0)
        try box.register("model")
        let ours = box.attach(version: 2, signature: "model/model.sig", folder: "model", publicKey: "signer.pub")
        #expect(ours.code == 1)
        #expect(ours.err.contains("a/b changed"), "\(ours.err)")
    }

    /// The bundle with one resource digest of its statement changed (the signature left as it was).
    static func editManifest(_ data: Data) throws -> Data {
        var bundle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var envelope = try #require(bundle["dsseEnvelope"] as? [String: Any])
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        var text = try #require(String(data: payload, encoding: .utf8))
        let range = try #require(text.range(of: "\"digest\": \""))
        let at = text.index(range.upperBound, offsetBy: 0)
        text.replaceSubrange(at...at, with: text[at] == "0" ? "1" : "0")
        envelope["payload"] = Data(text.utf8).base64EncodedString()
        bundle["dsseEnvelope"] = envelope
        return try JSONSerialization.data(withJSONObject: bundle)
    }
}

extension JSONValue {
    /// The subject digest of an OMS bundle's statement.
    var manifestSubjectDigest: String? {
        guard let payload = self["dsseEnvelope"]?["payload"]?.stringValue, let bytes = Data(base64Encoded: payload) else { return nil }
        return JSONValue(parsing: Array(bytes))?["subject"]?.arrayValue?.first?["digest"]?["sha256"]?.stringValue
    }
}

@Suite("required_signature", .serialized)
struct RequiredSignatureTests {
    /// Publishes (approved by a second person) a staging gate of the stage transition and `rule`,
    /// whose id is `signed`, and checks that scorer v1's promotion is denied by it.
    static func publishStagingGateDenying(_ box: Sandbox, rule: String) throws {
        try box.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: from-dev, kind: stage_transition, from: [development]}
              - \(rule)

            """)
        #expect(box.run("policy", "check").code == 0)
        #expect(box.run("policy", "publish", "--as", "polly").code == 0)
        #expect(box.run("policy", "approve", "--as", "rita").code == 0)
        let denied = box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(denied.code == 1)
        #expect(denied.err.contains("denied: rule 'signed'"), "\(denied.err)")
    }

    @Test("a certificate subject counts only under the rule's root: a self-made root issuing the same subject is denied")
    func certificateIdentityIsBoundToItsRoot() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        let subject = "/CN=release@example.com/O=Attest Tests"
        try box.makeRoot("root", subject: "/CN=Release CA/O=Attest Tests")
        try box.makeLeaf("leaf", subject: subject, root: "root")
        try box.signWithCertificate("model", leaf: "leaf", root: "root", signature: "model.sig")
        // The forger makes their own root with the same subject, and a leaf with the same subject.
        try box.makeRoot("forged-root", subject: "/CN=Release CA/O=Attest Tests")
        try box.makeLeaf("forged-leaf", subject: subject, root: "forged-root")
        try box.signWithCertificate("model", leaf: "forged-leaf", root: "forged-root", signature: "forged.sig")
        try Tools.require(try box.shell("openssl", ["x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der"]), "openssl x509")
        let rootDigest = AttestLedger.SHA256.hash(Array(try box.read("root.der"))).description

        let forged = box.run(
            "evidence", "attach", "scorer", "1", "--kind", "model_signature", "--file", "forged.sig", "--artifact", "model", "--root",
            "forged-root.pem", "--as", "dana", "--json")
        #expect(forged.code == 0, "\(forged.err)")
        let recorded = try #require(JSONValue(parsing: Array(forged.out.utf8))?["signature"])
        let identity = try #require(recorded["identity"]?.stringValue)
        #expect(identity.contains("CN=release@example.com"))
        #expect(recorded["rootDigest"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(recorded["rootDigest"]?.stringValue != rootDigest)
        try Self.publishStagingGateDenying(
            box, rule: #"{id: signed, kind: required_signature, identity: "\#(identity)", root: "\#(rootDigest)"}"#)
        let genuine = box.attach(version: 1, signature: "model.sig", folder: "model", root: "root.pem")
        #expect(genuine.code == 0, "\(genuine.err)")
        #expect(genuine.out.contains("under root \(rootDigest)"), "\(genuine.out)")
        let allowed = box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(allowed.code == 0, "\(allowed.err)")
        #expect(box.run("verify", "--replay").code == 0)
    }

    @Test("a policy naming a certificate subject without its root is refused when checked")
    func subjectWithoutRootIsRefused() throws {
        let box = try Sandbox.world()
        try box.write(
            "policies/staging.yaml",
            """
            name: staging-gate
            applies_to: {target_stage: staging}
            rules:
              - {id: signed, kind: required_signature, identity: "O=Attest Tests,CN=release@example.com"}

            """)
        let checked = box.run("policy", "check")
        #expect(checked.code == 2, "\(checked.out)\(checked.err)")
        #expect(checked.out.contains("missing required key 'root'") || checked.err.contains("missing required key 'root'"))
    }

    @Test("a promotion needing a signature by a named key is denied without it and allowed with it")
    func promotionNeedsSignature() throws {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        try box.makeKey("signer")
        try box.makeKey("stranger")
        try box.signWithKey("model", key: "signer", signature: "model.sig")
        try box.signWithKey("model", key: "stranger", signature: "stranger.sig")
        let attached = box.run(
            "evidence", "attach", "scorer", "1", "--kind", "model_signature", "--file", "stranger.sig", "--artifact", "model",
            "--public-key", "stranger.pub", "--as", "dana", "--json")
        #expect(attached.code == 0, "\(attached.err)")
        let hint = try #require(
            JSONValue(parsing: Array(try box.read("model.sig")))?["verificationMaterial"]?["publicKey"]?["hint"]?.stringValue)
        try Self.publishStagingGateDenying(box, rule: #"{id: signed, kind: required_signature, identity: "sha256:\#(hint)"}"#)
        let signed = box.run(
            "evidence", "attach", "scorer", "1", "--kind", "model_signature", "--file", "model.sig", "--artifact", "model", "--public-key",
            "signer.pub", "--as", "dana")
        #expect(signed.code == 0, "\(signed.err)")
        let allowed = box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(allowed.code == 0, "\(allowed.err)")
        let verified = box.run("verify", "--replay")
        #expect(verified.code == 0, "\(verified.err)")
        // The evidence bundle replays the decisions offline, the signature's signer included.
        #expect(box.run("export", "scorer", "1", "--format", "in-toto", "--out", "intoto", "--as", "vera").code == 0)
        let logKey = try #require(String(data: try box.read("intoto/log-key.vkey"), encoding: .utf8))
        #expect(box.run("export", "scorer", "1", "--out", "scorer.bundle", "--as", "vera").code == 0)
        let bundle = box.run("verify-bundle", "scorer.bundle", "--log-key", logKey.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(bundle.code == 0, "\(bundle.out)\(bundle.err)")
    }
}
