import AttestLedger
import AttestRegistry
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import AttestServer

/// The hostile-request catalogue: each request gets a 4xx with a JSON error, nothing is
/// written, and the server goes on serving.
@Suite struct HostileRequestTests {
    /// A raw request: method, URI, fields, body.
    struct Raw {
        var method: HTTPRequest.Method = .post
        var uri = "/v1/acts"
        var fields: [(String, String)] = []
        var body: [UInt8] = []
    }

    static let act = Array(try! JSONEncoder().encode(ServerFixture.createModel()))

    /// A request signed by `signer` for `signedURI`/`signedMethod`/`authority`, then changed by `change`.
    static func signed(
        _ signer: Signer, method: HTTPRequest.Method = .post, uri: String = "/v1/acts", body: [UInt8] = act,
        contentType: String? = "application/json", signedMethod: String? = nil, signedURI: String? = nil,
        authority: String = "localhost", created: Int64 = Int64(Date().timeIntervalSince1970), nonce: String? = nil,
        change: (inout Raw) -> Void = { _ in }
    ) throws -> Raw {
        let (path, query) = SignedTestClient.split(signedURI ?? uri)
        let target = MessageSignature.Target(
            method: signedMethod ?? method.rawValue, scheme: "http", authority: authority, path: path, query: query)
        var raw = Raw(method: method, uri: uri, fields: [], body: body)
        if let contentType { raw.fields.append(("Content-Type", contentType)) }
        raw.fields += try MessageSignature.sign(
            target, contentType: contentType, body: body, signer: signer, created: created,
            nonce: nonce ?? MessageSignature.randomNonce()
        ).map { ($0.name, $0.value) }
        change(&raw)
        return raw
    }

    /// Replaces a field's value.
    static func replace(_ name: String, in raw: inout Raw, with value: (String) -> String) {
        raw.fields = raw.fields.map { $0.0 == name ? ($0.0, value($0.1)) : $0 }
    }

    /// A Signature-Input and Signature made by hand from components and parameters.
    static func handMade(_ signer: Signer, components: String, parameters: String, body: [UInt8] = act) throws -> Raw {
        let input = "sig1=(\(components))\(parameters)"
        let parsed = try MessageSignature.parseInput(input)
        let target = MessageSignature.Target(method: "POST", scheme: "http", authority: "localhost", path: "/v1/acts", query: nil)
        let digest = MessageSignature.contentDigest(body)
        let fields = ["content-type": "application/json", "content-digest": digest]
        let base = try MessageSignature.base(parsed, target: target) { fields[$0] }
        let signature = Data(try signer.sign(Array(base.utf8))).base64EncodedString()
        return Raw(
            fields: [
                ("Content-Type", "application/json"), ("Content-Digest", digest), ("Signature-Input", input),
                ("Signature", "sig1=:\(signature):"),
            ], body: body)
    }

    static let standard = #""@method" "@authority" "@path" "@query" "content-digest" "content-type""#

    /// The catalogue: name, the request, and the status it must get.
    static func catalogue(_ f: ServerFixture) throws -> [(String, Raw, Int)] {
        let now = Int64(Date().timeIntervalSince1970)
        let fp = f.dana.verifierKey.fingerprint.hex
        var big = ServerFixture.createModel()
        big.purpose = String(repeating: "x", count: 2 << 20)
        var badDigest = ServerFixture.createModel()
        badDigest.act = "model.register"
        badDigest.artifacts = [.init(name: "m.bin", digest: "sha256:zz", size: 1)]
        var evil = ServerFixture.createModel()
        evil.act = "evidence.attach"
        evil.version = 1
        evil.evidenceKind = "model_card"
        evil.fileName = "../../etc/passwd"
        evil.content = "aGk="
        return [
            ("unsigned write", Raw(fields: [("Content-Type", "application/json")], body: act), 401),
            ("expired signature", try signed(f.dana, created: now - 301), 401),
            ("signature from the future", try signed(f.dana, created: now + 3600), 401),
            ("unknown actor", try signed(f.outsider), 401),
            (
                "signature bytes changed",
                try signed(f.dana) { replace("Signature", in: &$0) { _ in "sig1=:" + Data(count: 64).base64EncodedString() + ":" } }, 401
            ),
            ("input without signature", try signed(f.dana) { $0.fields.removeAll { $0.0 == "Signature" } }, 401),
            ("signature without input", try signed(f.dana) { $0.fields.removeAll { $0.0 == "Signature-Input" } }, 401),
            ("malformed input", try signed(f.dana) { replace("Signature-Input", in: &$0) { _ in "sig1=(\"@method\"" } }, 401),
            ("two signatures", try signed(f.dana) { replace("Signature-Input", in: &$0) { $0 + ", sig2=(\"@method\");created=1" } }, 401),
            ("signature not bytes", try signed(f.dana) { replace("Signature", in: &$0) { _ in "sig1=abc" } }, 401),
            (
                "signature label differs",
                try signed(f.dana) { replace("Signature", in: &$0) { $0.replacingOccurrences(of: "sig1=", with: "sig9=") } }, 401
            ),
            (
                "alg hmac",
                try handMade(f.dana, components: standard, parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"n1\";alg=\"hmac-sha256\""),
                401
            ),
            ("alg missing", try handMade(f.dana, components: standard, parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"n2\""), 401),
            (
                "nonce missing", try handMade(f.dana, components: standard, parameters: ";created=\(now);keyid=\"\(fp)\";alg=\"ed25519\""),
                401
            ),
            (
                "created missing", try handMade(f.dana, components: standard, parameters: ";keyid=\"\(fp)\";nonce=\"n3\";alg=\"ed25519\""),
                401
            ),
            (
                "created as string",
                try handMade(f.dana, components: standard, parameters: ";created=\"\(now)\";keyid=\"\(fp)\";nonce=\"n4\";alg=\"ed25519\""),
                401
            ),
            (
                "expired by expires",
                try handMade(
                    f.dana, components: standard,
                    parameters: ";created=\(now);expires=\(now - 1);keyid=\"\(fp)\";nonce=\"n5\";alg=\"ed25519\""), 401
            ),
            (
                "keyid not a fingerprint",
                try handMade(f.dana, components: standard, parameters: ";created=\(now);keyid=\"dana\";nonce=\"n6\";alg=\"ed25519\""), 401
            ),
            (
                "nonce too long",
                try handMade(
                    f.dana, components: standard,
                    parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"\(String(repeating: "n", count: 200))\";alg=\"ed25519\""), 401
            ),
            (
                "path not covered",
                try handMade(
                    f.dana, components: #""@method" "content-digest" "content-type""#,
                    parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"n7\";alg=\"ed25519\""), 401
            ),
            (
                "digest not covered",
                try handMade(
                    f.dana, components: #""@method" "@authority" "@path" "@query" "content-type""#,
                    parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"n8\";alg=\"ed25519\""), 401
            ),
            (
                "content-type not covered",
                try handMade(
                    f.dana, components: #""@method" "@authority" "@path" "@query" "content-digest""#,
                    parameters: ";created=\(now);keyid=\"\(fp)\";nonce=\"n9\";alg=\"ed25519\""), 401
            ),
            (
                "uppercase component",
                try signed(f.dana) {
                    replace("Signature-Input", in: &$0) { $0.replacingOccurrences(of: "\"content-digest\"", with: "\"Content-Digest\"") }
                }, 401
            ),
            (
                "signature-params covered",
                try signed(f.dana) {
                    replace("Signature-Input", in: &$0) {
                        $0.replacingOccurrences(of: "\"@query\"", with: "\"@query\" \"@signature-params\"")
                    }
                }, 401
            ),
            (
                "component parameters",
                try signed(f.dana) {
                    replace("Signature-Input", in: &$0) { $0.replacingOccurrences(of: "\"@path\"", with: "\"@path\";req") }
                }, 401
            ),
            (
                "body changed after signing",
                try signed(f.dana) { $0.body = Array(try! JSONEncoder().encode(ServerFixture.createModel("other"))) }, 401
            ),
            (
                "digest field changed",
                try signed(f.dana) { replace("Content-Digest", in: &$0) { _ in MessageSignature.contentDigest([1]) } }, 401
            ),
            ("digest of another algorithm only", try signed(f.dana) { replace("Content-Digest", in: &$0) { _ in "sha-512=:AAAA:" } }, 401),
            ("signed for another path", try signed(f.dana, signedURI: "/v1/models"), 401),
            ("signed for another method", try signed(f.dana, signedMethod: "PUT"), 401),
            ("signed for another authority", try signed(f.dana, authority: "evil.example"), 401),
            ("query added after signing", try signed(f.dana, uri: "/v1/acts?x=1", signedURI: "/v1/acts"), 401),
            (
                "header injection in a signed field",
                try signed(f.dana) {
                    replace("Signature-Input", in: &$0) { $0.replacingOccurrences(of: "keyid=\"", with: "keyid=\"x\\\" ") }
                }, 401
            ),
            ("text/plain body", try signed(f.dana, contentType: "text/plain"), 415),
            ("no content type", try signed(f.dana, contentType: nil), 415),
            ("bad JSON", try signed(f.dana, body: Array("{\"act\": ".utf8)), 400),
            ("JSON array", try signed(f.dana, body: Array("[1,2]".utf8)), 400),
            ("unknown act", try signed(f.dana, body: Array(#"{"act":"ledger.rewrite"}"#.utf8)), 400),
            ("act missing a field", try signed(f.dana, body: Array(#"{"act":"model.create","model":"m"}"#.utf8)), 400),
            (
                "field of the wrong type",
                try signed(f.dana, body: Array(#"{"act":"approve","model":"m","version":"1","stage":"staging"}"#.utf8)), 400
            ),
            ("bad file digest", try signed(f.dana, body: Array(try JSONEncoder().encode(badDigest))), 400),
            ("evidence file name with a path", try signed(f.dana, body: Array(try JSONEncoder().encode(evil))), 400),
            ("oversized body", try signed(f.dana, body: Array(try JSONEncoder().encode(big))), 413),
            ("auditor writes", try signed(f.audrey), 403),
            ("path traversal", try signed(f.dana, uri: "/v1/../v1/acts"), 404),
            ("encoded traversal", try signed(f.dana, uri: "/v1/%2e%2e/v1/acts"), 404),
            ("unknown route", try signed(f.dana, uri: "/v1/admin"), 404),
            (
                "signature for an unknown session",
                try signed(f.dana, uri: "/v1/acts/nope/signatures", body: Array(#"{"index":0,"signature":"AA=="}"#.utf8)), 404
            ),
            ("decline for an unknown session", try signed(f.dana, uri: "/v1/acts/nope/decline", body: Array(#"{"index":0}"#.utf8)), 404),
            ("wrong method", try signed(f.dana, method: .delete), 404),
            ("entry number not a number", Raw(method: .get, uri: "/v1/proofs/inclusion?index=x&size=1"), 400),
            ("inclusion index past size", Raw(method: .get, uri: "/v1/proofs/inclusion?index=5&size=5"), 400),
            ("consistency backwards", Raw(method: .get, uri: "/v1/proofs/consistency?from=5&to=1"), 400),
            ("huge number", Raw(method: .get, uri: "/v1/proofs/inclusion?index=99999999999999999999999&size=1"), 400),
        ]
    }

    @Test func everyHostileRequestIsRefusedAndNothingIsWritten() async throws {
        let fixture = try ServerFixture()
        let before = try fixture.size()
        let cases = try Self.catalogue(fixture)
        #expect(cases.count >= 40)
        try await serving(fixture.configuration()) { client in
            for (name, raw, status) in cases {
                var headers = HTTPFields()
                for (field, value) in raw.fields { headers.append(HTTPField(name: HTTPField.Name(field)!, value: value)) }
                let response = try await client.execute(
                    uri: raw.uri, method: raw.method, headers: headers, body: raw.body.isEmpty ? nil : ByteBuffer(bytes: raw.body))
                let allowed = name == "wrong method" ? [404, 405] : [status]
                #expect(
                    allowed.contains(Int(response.status.code)),
                    "\(name): \(String(decoding: response.body.readableBytesView, as: UTF8.self))")
                #expect(response.headers[.contentType] == "application/json", "\(name)")
                #expect(response.errorCode != nil, "\(name): not a JSON error")
            }
            // Still serving.
            #expect(try await SignedTestClient(client: client).send(.get, "/v1/checkpoint", as: nil).status == .ok)
        }
        #expect(try fixture.size() == before)
    }

    @Test func aReplayedRequestIsRefused() async throws {
        let fixture = try ServerFixture()
        let raw = try Self.signed(fixture.dana, method: .get, uri: "/v1/models", body: [], contentType: nil)
        try await serving(fixture.configuration()) { client in
            var headers = HTTPFields()
            for (field, value) in raw.fields { headers.append(HTTPField(name: HTTPField.Name(field)!, value: value)) }
            #expect(try await client.execute(uri: raw.uri, method: .get, headers: headers).status == .ok)
            let again = try await client.execute(uri: raw.uri, method: .get, headers: headers)
            #expect(again.status == .unauthorized)
            #expect(again.errorCode == "unauthenticated")
        }
    }
}
