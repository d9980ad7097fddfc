import AttestLedger
import Foundation
import Testing

@testable import AttestServer

/// RFC 9421 Appendix B.2.6 (Ed25519 with the test key of B.1.4) and RFC 9530's sha-256 example.
@Suite struct MessageSignatureVectorTests {
    static func base64url(_ text: String) -> [UInt8] {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return [UInt8](Data(base64Encoded: s)!)
    }

    static let input =
        #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#

    static let expectedBase = """
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
        """

    static let target = MessageSignature.Target(
        method: "POST", scheme: "https", authority: "example.com", path: "/foo", query: "param=Value&Pet=dog")
    static let fields = ["date": "Tue, 20 Apr 2021 02:07:55 GMT", "content-type": "application/json", "content-length": "18"]

    @Test func signatureBaseOfB26() throws {
        let input = try MessageSignature.parseInput(Self.input)
        #expect(input.label == "sig-b26")
        #expect(input.created == 1_618_884_473)
        #expect(input.keyID == "test-key-ed25519")
        #expect("\(input.label)=\(input.serializedParameters)" == Self.input)
        let base = try MessageSignature.base(input, target: Self.target) { Self.fields[$0] }
        #expect(base == Self.expectedBase)
    }

    @Test func ed25519SignatureOfB26() throws {
        var seed = Self.base64url("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU")
        let key = SigningKey(seed: SecretBytes(consuming: &seed))
        #expect(key.publicKey.bytes == Self.base64url("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"))
        let signature = key.signature(for: Array(Self.expectedBase.utf8))
        #expect(
            Data(signature).base64EncodedString()
                == "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==")
        let parsed = try MessageSignature.parseSignature(
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:", label: "sig-b26")
        #expect(parsed == signature)
        #expect(key.publicKey.isValidSignature(parsed, for: Array(Self.expectedBase.utf8)))
    }

    @Test func contentDigestOfRFC9530Example() throws {
        let body = Array("{\"hello\": \"world\"}".utf8)
        #expect(MessageSignature.contentDigest(body) == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
        try MessageSignature.checkContentDigest("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body: body)
        #expect(throws: ServerError.self) {
            try MessageSignature.checkContentDigest("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body: Array(body.dropLast()))
        }
    }

    @Test func derivedComponents() {
        #expect(Self.target.derived("@query") == "?param=Value&Pet=dog")
        #expect(Self.target.derived("@target-uri") == "https://example.com/foo?param=Value&Pet=dog")
        let bare = MessageSignature.Target(method: "GET", scheme: "http", authority: "Example.COM", path: "", query: nil)
        #expect(bare.derived("@query") == "?")
        #expect(bare.derived("@path") == "/")
        #expect(bare.derived("@authority") == "example.com")
    }

    @Test(arguments: [
        #"sig1=("@method";sf);created=1"#, #"sig1=("@method"), sig2=("@path")"#, #"sig1=("@method" "@method");created=1"#,
        #"sig1="@method""#, #"sig1=("@method);created=1"#, #"sig1=("@method");created=1;created=2"#,
    ])
    func malformedInputsAreRefused(_ text: String) {
        #expect(throws: ServerError.self) { try MessageSignature.parseInput(text) }
    }
}
