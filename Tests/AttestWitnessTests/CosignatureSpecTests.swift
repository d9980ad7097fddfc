import Foundation
import Testing

@testable import AttestLedger

/// The cosignature format against the C2SP specification texts and their examples, byte for
/// byte (c2sp.org/tlog-cosignature, c2sp.org/tlog-witness, c2sp.org/signed-note, as fetched
/// from github.com/C2SP/C2SP at commit 5ba5ee8). The specification publishes no private or
/// public key for its witness examples, so their signatures cannot be checked; everything else
/// in them is: framing, key ID, timestamp, the signed message, the request and response bodies.
@Suite struct CosignatureSpecTests {
    // tlog-cosignature, the example at the top: a checkpoint with one log signature and one cosignature.
    static let checkpointText = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let logLine =
        "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8="
    static let witnessLine =
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
    // tlog-cosignature, "Ed25519 signed message": the example message.
    static let signedMessage =
        "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

    @Test func theSignedMessageIsTheSpecificationsExampleByteForByte() {
        #expect(Cosignature.message(text: Self.checkpointText, timestamp: 1_679_315_147) == Array(Self.signedMessage.utf8))
    }

    @Test func theExampleCosignatureLineIsKeyIDTimestampAndSignature() throws {
        let note = try SignedNote(parsing: Self.checkpointText + "\n" + Self.logLine + "\n" + Self.witnessLine + "\n")
        #expect(note.signatures.count == 2)
        let cosignature = try #require(Cosignature(note.signatures[1]))
        #expect(cosignature.keyName == "witness.example.com/w1")
        #expect(cosignature.keyID == 0x8d66_cf3f)
        // The example's timestamp is the one of the example signed message.
        #expect(cosignature.timestamp == 1_679_315_147)
        #expect(cosignature.signature.count == 64)
        #expect(cosignature.line == Self.witnessLine)
        #expect(note.serialized == Self.checkpointText + "\n" + Self.logLine + "\n" + Self.witnessLine + "\n")
        // The log's own signature is a plain Ed25519 note signature (64 bytes), not a cosignature.
        #expect(Cosignature(note.signatures[0]) == nil)
    }

    @Test func theExampleAddCheckpointBodyParsesAndSerialisesUnchanged() throws {
        let body = """
            old 20852014
            PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
            jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
            5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
            /6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

            example.com/behind-the-sofa
            20852163
            CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

            — example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
            — example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=

            """
        let request = try AddCheckpointRequest(parsing: Array(body.utf8))
        #expect(request.oldSize == 20_852_014)
        #expect(request.proof.count == 4)
        #expect(request.proof[0].base64 == "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=")
        #expect(try SignedNote(parsing: request.note).signatures.count == 2)
        #expect(request.body == body)
    }

    @Test func theExampleResponseBodyIsThreeSignatureLines() throws {
        let response = """
            — witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
            — witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
            — witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==

            """
        let lines = try SignedNote.parseSignatureLines(response)
        #expect(lines.map(\.keyName) == ["witness.example/w1", "witness.example/w1", "witness.example/w2"])
        #expect(lines.map(\.line).joined(separator: "\n") + "\n" == response)
    }

    // signed-note, "Verifier keys", Example: the vkey with type 0x01.
    static let specVKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"

    @Test func theKeyIDOfType0x04IsTheHashOfNameNewlineTypeAndKey() throws {
        let logKey = try VerifierKey(parsing: Self.specVKey)
        #expect(logKey.keyID == [0x53, 0x0d, 0x90, 0x3a])
        let witness = try WitnessKey(name: logKey.name, publicKey: logKey.publicKey)
        // SHA-256(<name> || "\n" || 0x04 || 32-byte key)[:4], computed here from the spec's words.
        let expected = Array(SHA256.hash(Array("example.com/foo\n".utf8) + [0x04] + logKey.publicKey.bytes).bytes.prefix(4))
        #expect(witness.keyID == expected)
        #expect(witness.keyID != logKey.keyID)
        #expect(witness.description == "example.com/foo+\(Hex.encode(expected))+\(Base64.encode([0x04] + logKey.publicKey.bytes))")
        #expect(try WitnessKey(parsing: witness.description) == witness)
        // A type-0x01 vkey is not a witness key, and a witness key is not a note verifier key.
        #expect(throws: LedgerError.self) { try WitnessKey(parsing: Self.specVKey) }
        #expect(throws: LedgerError.self) { try VerifierKey(parsing: witness.description) }
    }

    @Test func aCosignatureVerifiesOnlyOverItsCheckpointWithItsTypeAndTime() throws {
        var seed = [UInt8](repeating: 7, count: 32)
        let key = SigningKey(seed: SecretBytes(consuming: &seed))
        let witness = try WitnessKey(name: "witness.example.com/w1", publicKey: key.publicKey)
        let cosignature = try Cosignature(signing: Self.checkpointText, timestamp: 1_679_315_147, key: key, name: witness.name)
        #expect(cosignature.keyID == witness.keyIDValue)
        #expect(cosignature.verifies(text: Self.checkpointText, key: witness))
        // The signature is Ed25519 over exactly the specification's message.
        #expect(key.publicKey.isValidSignature(cosignature.signature, for: Array(Self.signedMessage.utf8)))
        // Another time, another checkpoint, or a plain note signature by the same key do not pass.
        let moved = Cosignature(
            SignedNote.Signature(
                keyName: witness.name, keyID: witness.keyIDValue,
                signature: Array(cosignature.noteSignature.signature.prefix(7)) + [0xCC] + cosignature.signature))!
        #expect(!moved.verifies(text: Self.checkpointText, key: witness))
        #expect(!cosignature.verifies(text: Self.checkpointText.replacingOccurrences(of: "20852163", with: "20852164"), key: witness))
        var plain = try SignedNote(text: Self.checkpointText)
        plain.sign(with: try Signer(name: witness.name, key: key))
        #expect(Cosignature(plain.signatures[0]) == nil)
    }
}
