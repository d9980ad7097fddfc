import AttestIntegrations
import Foundation
import Testing

/// Malformed model signatures, keys and roots: each is refused with exit 2, a message naming the
/// file and the field, and nothing recorded in the ledger.
@Suite("Bad input catalogue", .serialized)
struct BadInputCatalogTests {
    struct Case {
        let name: String
        /// The bundle file's bytes, from the valid key bundle (JSON object) and the sandbox.
        let make: (Sandbox, [String: Any]) throws -> Data
        /// What the message must contain (the field, or the reason).
        let expected: [String]
        var publicKey = "signer.pub"
        var root: String?
    }

    static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    static func edit(_ bundle: [String: Any], _ change: (inout [String: Any]) -> Void) throws -> Data {
        var copy = bundle
        change(&copy)
        return try json(copy)
    }

    static func envelope(_ bundle: [String: Any], _ change: (inout [String: Any]) -> Void) throws -> Data {
        try edit(bundle) { b in
            var envelope = b["dsseEnvelope"] as! [String: Any]
            change(&envelope)
            b["dsseEnvelope"] = envelope
        }
    }

    /// A bundle whose statement is `payload`, signed correctly over the DSSE PAE with the test key
    /// by `openssl dgst`, so only the statement is wrong.
    static func signed(_ box: Sandbox, _ bundle: [String: Any], payload: String) throws -> Data {
        let body = Array(payload.utf8)
        let pae = Array("DSSEv1 28 application/vnd.in-toto+json \(body.count) ".utf8) + body
        try box.write("pae.bin", Data(pae))
        try Tools.require(
            try box.shell("openssl", ["dgst", "-sha256", "-sign", "signer.key", "-out", "pae.sig", "pae.bin"]), "openssl dgst")
        let signature = try box.read("pae.sig").base64EncodedString()
        return try envelope(bundle) { e in
            e["payload"] = Data(body).base64EncodedString()
            e["signatures"] = [["sig": signature, "keyid": ""]]
        }
    }

    static func statement(
        subjects: String = #"[{"name":"model","digest":{"sha256":"\#(String(repeating: "ab", count: 32))"}}]"#,
        type: String = "https://in-toto.io/Statement/v1", predicateType: String = "https://model_signing/signature/v1.0",
        method: String = "files", resources: String = "[]"
    ) -> String {
        #"{"_type":"\#(type)","subject":\#(subjects),"predicateType":"\#(predicateType)","predicate":{"serialization":{"method":"\#(method)","hash_type":"sha256","allow_symlinks":false},"resources":\#(resources)}}"#
    }

    static var cases: [Case] {
        [
            Case(name: "not JSON", make: { _, _ in Data("model signature\n".utf8) }, expected: ["(top)", "not a JSON object"]),
            Case(name: "a JSON array", make: { _, _ in Data("[1,2]".utf8) }, expected: ["(top)"]),
            Case(name: "no media type", make: { _, b in try edit(b) { $0["mediaType"] = nil } }, expected: ["mediaType", "missing"]),
            Case(
                name: "another media type", make: { _, b in try edit(b) { $0["mediaType"] = "application/json" } },
                expected: ["mediaType", "application/json"]),
            Case(
                name: "no verification material", make: { _, b in try edit(b) { $0["verificationMaterial"] = nil } },
                expected: ["verificationMaterial", "missing"]),
            Case(
                name: "keyless bundle",
                make: { _, b in
                    try edit(b) { $0["verificationMaterial"] = ["certificate": ["rawBytes": "AAAA"], "tlogEntries": [["logIndex": "1"]]] }
                }, expected: ["verificationMaterial", "keyless"]),
            Case(
                name: "key hint not hex",
                make: { _, b in
                    try edit(b) {
                        $0["verificationMaterial"] = ["publicKey": ["hint": String(repeating: "z", count: 64)], "tlogEntries": []]
                    }
                }, expected: ["verificationMaterial.publicKey.hint"]),
            Case(name: "no envelope", make: { _, b in try edit(b) { $0["dsseEnvelope"] = nil } }, expected: ["dsseEnvelope", "missing"]),
            Case(
                name: "wrong payload type", make: { _, b in try envelope(b) { $0["payloadType"] = "text/plain" } },
                expected: ["dsseEnvelope.payloadType", "text/plain"]),
            Case(
                name: "truncated payload base64",
                make: { _, b in
                    try envelope(b) { e in e["payload"] = String((e["payload"] as! String).dropLast(2)) + "=" }
                }, expected: ["dsseEnvelope.payload", "base64"]),
            Case(
                name: "payload with a character outside base64",
                make: { _, b in
                    try envelope(b) { e in e["payload"] = "!" + String((e["payload"] as! String).dropFirst()) }
                }, expected: ["dsseEnvelope.payload", "not in the alphabet"]),
            Case(
                name: "no signatures", make: { _, b in try envelope(b) { $0["signatures"] = [Any]() } },
                expected: ["dsseEnvelope.signatures", "empty"]),
            Case(
                name: "two signatures",
                make: { _, b in
                    try envelope(b) { e in e["signatures"] = (e["signatures"] as! [Any]) + (e["signatures"] as! [Any]) }
                }, expected: ["dsseEnvelope.signatures", "exactly one"]),
            Case(
                name: "signature not base64", make: { _, b in try envelope(b) { $0["signatures"] = [["sig": "%%%%", "keyid": ""]] } },
                expected: ["dsseEnvelope.signatures[0].sig", "base64"]),
            Case(
                name: "signature not DER", make: { _, b in try envelope(b) { $0["signatures"] = [["sig": "AAECAwQFBgc=", "keyid": ""]] } },
                expected: ["dsseEnvelope.signatures[0].sig", "DER"]),
            Case(
                name: "PAE mismatch: signed over the bare payload, not the DSSE PAE",
                make: { box, b in
                    let envelope = b["dsseEnvelope"] as! [String: Any]
                    try box.write("payload.bin", Data(base64Encoded: envelope["payload"] as! String)!)
                    try Tools.require(
                        try box.shell("openssl", ["dgst", "-sha256", "-sign", "signer.key", "-out", "payload.sig", "payload.bin"]),
                        "openssl dgst")
                    let signature = try box.read("payload.sig").base64EncodedString()
                    return try Self.envelope(b) { $0["signatures"] = [["sig": signature, "keyid": ""]] }
                }, expected: ["dsseEnvelope.signatures[0].sig", "pre-authentication encoding"]),
            Case(
                name: "huge media type", make: { _, b in try edit(b) { $0["mediaType"] = String(repeating: "x", count: 2_000_000) } },
                expected: ["mediaType", "…"]),
            Case(name: "file over 8 MiB", make: { _, _ in Data(repeating: 0x20, count: (8 << 20) + 1) }, expected: ["8388608 bytes"]),
            Case(
                name: "signed payload that is not JSON", make: { s, b in try signed(s, b, payload: "not json") },
                expected: ["dsseEnvelope.payload", "not a JSON object"]),
            Case(
                name: "signed statement of another type",
                make: { s, b in try signed(s, b, payload: statement(type: "https://in-toto.io/Statement/v0.1")) },
                expected: ["dsseEnvelope.payload._type"]),
            Case(
                name: "signed v0.1 compatibility predicate",
                make: { s, b in try signed(s, b, payload: statement(predicateType: "https://model_signing/Digests/v0.1")) },
                expected: ["dsseEnvelope.payload.predicateType"]),
            Case(
                name: "signed shard serialization", make: { s, b in try signed(s, b, payload: statement(method: "shards")) },
                expected: ["dsseEnvelope.payload.predicate.serialization.method", "shards"]),
            Case(
                name: "signed statement with two subjects",
                make: { s, b in
                    try signed(
                        s, b,
                        payload: statement(subjects: #"[{"name":"a","digest":{"sha256":"00"}},{"name":"b","digest":{"sha256":"00"}}]"#))
                }, expected: ["dsseEnvelope.payload.subject", "exactly one"]),
            Case(
                name: "signed resource digest not hex",
                make: { s, b in
                    try signed(s, b, payload: statement(resources: #"[{"name":"w","algorithm":"sha256","digest":"xyz"}]"#))
                }, expected: ["dsseEnvelope.payload.predicate.resources[0].digest"]),
            Case(
                name: "wrong curve (secp256k1 key)", make: { _, b in try json(b) }, expected: ["k1.pub", "wrong curve"], publicKey: "k1.pub"
            ),
            Case(
                name: "root file that is no certificate", make: { s, _ in try s.read("cert.sig") },
                expected: ["signer.pub", "not a PEM X.509 certificate"], publicKey: "", root: "signer.pub"),
            Case(
                name: "certificate bundle checked with a key", make: { s, _ in try s.read("cert.sig") },
                expected: ["verificationMaterial", "--root"]),
            Case(
                name: "certificate not DER",
                make: { _, b in
                    try edit(b) {
                        $0["verificationMaterial"] = ["x509CertificateChain": ["certificates": [["rawBytes": "AAAA"]]], "tlogEntries": []]
                    }
                }, expected: ["certificates[0].rawBytes", "DER"], publicKey: "", root: "root.pem"),
            Case(
                name: "expired certificate", make: { s, _ in try s.read("expired.sig") }, expected: ["certificates[0]", "expired"],
                publicKey: "", root: "root.pem"),
        ]
    }

    @Test("every malformed input: exit 2, a message naming the file and field, nothing recorded")
    func catalogue() throws {
        try Tools.ensureVenv()
        #expect(Self.cases.count >= 20)
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        try box.makeKey("signer")
        try box.makeKey("k1", curve: "secp256k1")
        try box.makeRoot("root")
        try box.makeLeaf("leaf", subject: "/CN=dana@example.com", root: "root")
        try box.signWithKey("model", key: "signer", signature: "model.sig")
        try box.signWithCertificate("model", leaf: "leaf", root: "root", signature: "cert.sig")
        try Self.makeExpiredSignature(box)
        #expect(box.attach(version: 1, signature: "model.sig", folder: "model", publicKey: "signer.pub").code == 0)
        let bundle = try #require(try JSONSerialization.jsonObject(with: try box.read("model.sig")) as? [String: Any])
        for test in Self.cases {
            try box.write("bad.sig", try test.make(box, bundle))
            let before = try box.entryCount
            let result = box.attach(
                version: 1, signature: "bad.sig", folder: "model", publicKey: test.root == nil ? test.publicKey : nil, root: test.root)
            #expect(result.code == 2, "\(test.name): exit \(result.code) \(result.err)")
            let named = test.expected.allSatisfy { result.err.contains($0) }
            #expect(named, "\(test.name): \(result.err.prefix(300))")
            #expect(
                result.err.contains("bad.sig") || test.expected.contains { $0.hasSuffix(".pub") }, "\(test.name): \(result.err.prefix(300))"
            )
            #expect(try box.entryCount == before, "\(test.name): something was recorded")
        }
    }

    /// A certificate that expired in 2020, made with the venv's `cryptography` (openssl 3.0's
    /// `x509` command cannot back-date), and a model-signing signature with it.
    static func makeExpiredSignature(_ box: Sandbox) throws {
        let script = """
            import datetime
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.x509.oid import NameOID
            root_key = serialization.load_pem_private_key(open("root.key", "rb").read(), None)
            root = x509.load_pem_x509_certificate(open("root.pem", "rb").read())
            key = serialization.load_pem_private_key(open("leaf.key", "rb").read(), None)
            cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "old@example.com")]))
                .issuer_name(root.subject).public_key(key.public_key()).serial_number(7)
                .not_valid_before(datetime.datetime(2020, 1, 1)).not_valid_after(datetime.datetime(2020, 1, 2))
                .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
                .sign(root_key, hashes.SHA384()))
            open("expired.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            """
        try box.write("expired.py", script)
        try Tools.require(try box.shell(Tools.python, ["expired.py"]), "make expired certificate")
        try Tools.require(
            try box.modelSigning([
                "sign", "certificate", "model", "--private_key", "leaf.key", "--signing_certificate", "expired.pem",
                "--certificate_chain", "root.pem", "--signature", "expired.sig",
            ]), "model_signing sign certificate (expired)")
    }
}
