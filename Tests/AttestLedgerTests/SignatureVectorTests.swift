import Foundation
import Testing

@testable import AttestLedger

@Suite("Ed25519 and C2SP signed notes")
struct SignatureVectorTests {
    @Test("RFC 8032 section 7.1, test 1")
    func rfc8032Test1() throws {
        var seed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!
        let key = SigningKey(seed: SecretBytes(consuming: &seed))
        #expect(seed.allSatisfy { $0 == 0 }, "the caller's copy of the seed is zeroed")
        #expect(Hex.encode(key.publicKey.bytes) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = key.signature(for: [UInt8]())
        #expect(
            Hex.encode(signature)
                == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        )
        #expect(key.publicKey.isValidSignature(signature, for: [UInt8]()))
        #expect(!key.publicKey.isValidSignature(signature, for: [UInt8(0)]))
    }

    static let peterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let peterNote = """
        If you think cryptography is the answer to your problem,
        then you don't know what your problem is.

        — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=

        """

    @Test("the C2SP / sumdb note example verifies and re-signs byte for byte")
    func c2spExample() throws {
        let key = try VerifierKey(parsing: Self.peterKey)
        #expect(key.name == "PeterNeumann")
        #expect(Hex.encode(key.keyID) == "c74f20a3")
        #expect(key.description == Self.peterKey)
        let note = try SignedNote(parsing: Self.peterNote)
        #expect(note.isSigned(by: key))
        #expect(note.serialized == Self.peterNote)

        // The example's private key: PRIVATE+KEY+PeterNeumann+c74f20a3+base64(0x01 || seed).
        var seed = Array(Data(base64Encoded: "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")!.dropFirst())
        let signer = try Signer(name: "PeterNeumann", key: SigningKey(seed: SecretBytes(consuming: &seed)))
        #expect(signer.verifierKey == key)
        var fresh = try SignedNote(text: note.text)
        fresh.sign(with: signer)
        #expect(fresh.serialized == Self.peterNote)
    }

    @Test("a changed note text, a foreign key and a malformed key are rejected")
    func rejections() throws {
        let key = try VerifierKey(parsing: Self.peterKey)
        let altered = try SignedNote(parsing: Self.peterNote.replacingOccurrences(of: "problem,", with: "problem;"))
        #expect(!altered.isSigned(by: key))
        let other = try Signer(name: "PeterNeumann", key: .generate())
        #expect(!(try SignedNote(parsing: Self.peterNote)).isSigned(by: other.verifierKey))
        for bad in [
            "", "PeterNeumann", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3+AhxzZQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Peter Neumann+c74f20a3+ARpc",
        ] {
            let error = #expect(throws: LedgerError.self) { try VerifierKey(parsing: bad) }
            #expect(error?.code == .malformedKey, "\(bad): \(String(describing: error))")
            #expect(error?.message.hasPrefix("verifier key '\(bad.prefix(20))") == true, "names the key: \(String(describing: error))")
        }
    }

    @Test("cosignatures from other keys are kept")
    func cosignatures() throws {
        let log = try Signer(name: "example.com/log", key: .generate())
        let witness = try Signer(name: "witness.example", key: .generate())
        var signed = try SignedCheckpoint(
            checkpoint: Checkpoint(origin: "example.com/log", size: 3, root: ReferenceTree.roots[2]), signer: log
        ).note
        signed.sign(with: witness)
        let parsed = try SignedCheckpoint(parsing: signed.serialized, logKey: log.verifierKey)
        #expect(parsed.note.signatures.count == 2)
        #expect(parsed.serialized == signed.serialized)
        #expect(parsed.note.isSigned(by: witness.verifierKey))
        #expect(throws: LedgerError.self) {
            try SignedCheckpoint(
                parsing: signed.serialized,
                logKey: witness.verifierKey.self == log.verifierKey
                    ? nil : try VerifierKey(name: "example.com/log", publicKey: witness.key.publicKey))
        }
    }
}
