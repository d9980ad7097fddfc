import AttestLedger
import Foundation
import Testing

@testable import AttestIntegrations

@Suite("DSSE, base64 and OMS manifest rules")
struct EncodingTests {
    @Test("PAE as the DSSE protocol defines it (its own example)")
    func pae() {
        let bytes = PAE.encode(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        let empty = PAE.encode(payloadType: "", payload: [])
        #expect(String(decoding: empty, as: UTF8.self) == "DSSEv1 0  0 ")
        let multibyte = PAE.encode(payloadType: "t", payload: Array("é".utf8))
        #expect(String(decoding: multibyte, as: UTF8.self) == "DSSEv1 1 t 2 é")
    }

    @Test(
        "strict base64 accepts the standard and URL-safe alphabets, with or without padding",
        arguments: [("aGVsbG8=", "hello"), ("aGVsbG8", "hello"), ("Pz8_", "??\u{3F}"), ("Pz8/", "???"), ("", "")])
    func base64Accepts(text: String, expected: String) throws {
        let bytes = try StrictBase64.decode(text, source: "f", field: "x")
        #expect(bytes == Array(expected.utf8))
    }

    @Test(
        "strict base64 refuses what is not base64, naming the field",
        arguments: ["aGVsbG8==", "aGVsb", "a=GVsbG8", "aGVsbG9=", "aGVs bG8=", "aGVsbG8!", "aGVsbG8==="])
    func base64Refuses(text: String) {
        #expect(throws: IntegrationError.self) { try StrictBase64.decode(text, source: "f.sig", field: "dsseEnvelope.payload") }
        do {
            _ = try StrictBase64.decode(text, source: "f.sig", field: "dsseEnvelope.payload")
        } catch let error as IntegrationError {
            #expect(error.exitCode == 2)
            #expect(error.message.hasPrefix("f.sig: dsseEnvelope.payload: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a signed envelope verifies with the signer's key over the PAE and round-trips through its JSON")
    func envelopeRoundTrip() throws {
        let signer = try Signer(name: "vera", key: SigningKey.generate())
        let envelope = DSSEEnvelope.signed(payload: Array(#"{"a":1}"#.utf8), by: signer)
        #expect(signer.verifierKey.publicKey.isValidSignature(envelope.signatures[0].sig, for: envelope.signedBytes))
        let parsed = try DSSEEnvelope(json: try #require(JSONValue(parsing: envelope.json)), source: "e")
        #expect(parsed == envelope)
        #expect(parsed.signatures[0].keyID == signer.verifierKey.fingerprint.hex)
    }

    @Test("OMS order is by path components (a/b before a-c), as Python's PurePosixPath sorts")
    func omsOrder() {
        #expect(OMSManifest.sorted(["a-c", "a/b", "B", "a", "a/a/z"]) == ["B", "a", "a/a/z", "a/b", "a-c"])
    }

    @Test("OMS ignore paths match leading components only")
    func omsIgnore() {
        let ignored = [[".git"], ["sub", "x"]]
        #expect(OMSManifest.isIgnored([".git", "config"], ignored))
        #expect(OMSManifest.isIgnored(["sub", "x"], ignored))
        #expect(!OMSManifest.isIgnored([".gitignore"], ignored))
        #expect(!OMSManifest.isIgnored(["sub", "xy"], ignored))
        #expect(!OMSManifest.isIgnored(["a", ".git"], ignored))
    }

    @Test("the manifest of a folder: hidden files included, ignored paths left out, symbolic links refused unless allowed")
    func omsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("d/.git"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("d/.hidden"))
        try Data("y".utf8).write(to: folder.appendingPathComponent("d/.git/HEAD"))
        try Data("z".utf8).write(to: folder.appendingPathComponent("top"))
        let files = try OMSManifest.files(of: folder, ignorePaths: ["d/.git"], allowSymlinks: false)
        #expect(Set(files.keys) == ["d/.hidden", "top"])
        #expect(files["top"] == AttestLedger.SHA256.hash(Array("z".utf8)).hex)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: "top")
        #expect(throws: IntegrationError.self) { try OMSManifest.files(of: folder, ignorePaths: [], allowSymlinks: false) }
        let followed = try OMSManifest.files(of: folder, ignorePaths: [".git"], allowSymlinks: true)
        #expect(followed["link"] == files["top"])
    }
}
