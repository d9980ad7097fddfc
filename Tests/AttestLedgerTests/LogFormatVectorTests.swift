import Foundation
import Synchronization
import Testing

@testable import AttestLedger

/// The worked example of docs/log-format.md ("Test vectors"), rebuilt from fixed seeds and a
/// fixed clock. Every constant below is copied from the document; when the format changes, run
///
///     ATTEST_PRINT_VECTORS=1 swift test --filter LogFormat
///
/// and update the document and these constants together.
enum LogFormatVectors {
    /// 2026-01-01T00:00:00Z in seconds; entry n is stamped `base + n` seconds.
    static let baseSeconds: Int64 = 1_767_225_600
    static let origin = "example.com/log"

    /// A key from `byte` repeated 32 times.
    static func signer(_ name: String, seedByte: UInt8) throws -> Signer {
        var seed = [UInt8](repeating: seedByte, count: 32)
        return try Signer(name: name, key: SigningKey(seed: SecretBytes(consuming: &seed)))
    }

    /// Returns `base + n` seconds on its n-th call (0-based).
    final class StepClock: Sendable {
        private let calls = Mutex<Int64>(0)
        func now() -> Date {
            let n = calls.withLock { value -> Int64 in
                defer { value += 1 }
                return value
            }
            return Date(timeIntervalSince1970: Double(baseSeconds + n))
        }
    }

    struct Built {
        var alice: Signer
        var bob: Signer
        var bobNew: Signer
        var log: Signer
        var entries: [Entry]
        var roots: [Digest]  // roots[k] is the root of the first k + 1 entries
        var checkpoint3: SignedCheckpoint
        var checkpoint5: SignedCheckpoint
        var inclusion: InclusionProof
        var consistency: ConsistencyProof
        var possessionMessage: [UInt8]
        var report: VerificationReport
    }

    /// Builds the example ledger in a fresh temporary folder:
    /// 0 `ledger.genesis` (alice), 1 `example.note` (alice), 2 `ledger.key.added` bob (alice),
    /// checkpoint at size 3, 3 `example.note` (bob), 4 `ledger.key.rotated` bob (bob),
    /// checkpoint at size 5; inclusion proof of entry 3 and consistency proof 3 -> 5.
    static func build() throws -> Built {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("attest-logformat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let alice = try signer("alice", seedByte: 0x01)
        let log = try signer(origin, seedByte: 0x02)
        let bob = try signer("bob", seedByte: 0x03)
        let bobNew = try signer("bob", seedByte: 0x04)
        let clock = StepClock()
        let ledger = try Ledger.create(
            at: folder.appendingPathComponent("ledger.sqlite").path, origin: origin, logKey: log.verifierKey,
            admin: alice, clock: { clock.now() })

        try ledger.append(EntryDraft(type: "example.note", payload: Array(#"{"note":"first"}"#.utf8)), signer: alice)
        try ledger.append(
            EntryDraft(
                type: LedgerEntryType.keyAdded,
                encoding: KeyAddedPayload(principal: "bob", key: bob.verifierKey.description)),
            signer: alice)
        let checkpoint3 = try ledger.checkpoint(signedBy: log)
        try ledger.append(EntryDraft(type: "example.note", payload: Array(#"{"note":"second"}"#.utf8)), signer: bob)
        let possession = KeyRotatedPayload.possessionMessage(old: bob.verifierKey, new: bobNew.verifierKey)
        try ledger.append(
            EntryDraft(
                type: LedgerEntryType.keyRotated,
                encoding: KeyRotatedPayload(
                    principal: "bob", oldKey: bob.verifierKey.description, newKey: bobNew.verifierKey.description,
                    newKeySignature: Base64.encode(bobNew.key.signature(for: possession)))),
            signer: bob)
        let checkpoint5 = try ledger.checkpoint(signedBy: log)

        let entries = try ledger.entries()
        let roots = try (1...UInt64(entries.count)).map { try ledger.root(size: $0) }
        let inclusion = try ledger.inclusionProof(index: 3, checkpoint: checkpoint5)
        let consistency = ConsistencyProof(
            oldSize: 3, hashes: try ledger.consistencyProof(oldSize: 3, newSize: 5), checkpoint: checkpoint5)
        let report = try LedgerVerifier().verify(ledger, against: checkpoint3)
        return Built(
            alice: alice, bob: bob, bobNew: bobNew, log: log, entries: entries, roots: roots,
            checkpoint3: checkpoint3, checkpoint5: checkpoint5, inclusion: inclusion, consistency: consistency,
            possessionMessage: possession, report: report)
    }

    /// Prints every value in the layout of docs/log-format.md.
    static func printAll(_ built: Built) {
        var out = ""
        for signer in [built.alice, built.log, built.bob, built.bobNew] {
            out += "\(signer.name) seed=\(Hex.encode(signer.key.seed.withBytes { Array($0) }))\n"
            out += "  public key  \(Hex.encode(signer.verifierKey.publicKey.bytes))\n"
            out += "  verifier    \(signer.verifierKey)\n"
            out += "  key ID      \(Hex.encode(signer.verifierKey.keyID))\n"
            out += "  fingerprint \(signer.verifierKey.fingerprint.hex)\n"
        }
        for entry in built.entries {
            out += "entry \(entry.sequence) \(entry.type) time \(entry.timeMicros)\n"
            out += "  payload   \(entry.payloadText)\n"
            out += "  body      \(Hex.encode(entry.body))\n"
            out += "  signature \(Hex.encode(entry.signature))\n"
            out += "  leaf hash \(entry.leafHash.hex)\n"
        }
        for (offset, root) in built.roots.enumerated() {
            out += "root size \(offset + 1) \(root.hex) \(root.base64)\n"
        }
        out += "possession message \(Hex.encode(built.possessionMessage))\n"
        out += "---- checkpoint 3\n\(built.checkpoint3.serialized)---- checkpoint 5\n\(built.checkpoint5.serialized)"
        out += "---- inclusion\n\(built.inclusion.serialized)---- consistency\n\(built.consistency.serialized)----\n"
        print(out)
    }
}

@Suite("docs/log-format.md test vectors")
struct LogFormatVectorTests {
    // MARK: Constants copied from docs/log-format.md

    static let aliceVerifierKey = "alice+4124365a+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c"
    static let aliceFingerprint = "4124365a06743bc8f2b240cd6a6db0322906cbd9f308007e95014597f388b697"
    static let logVerifierKey = "example.com/log+b07fbc77+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU"
    static let logFingerprint = "b07fbc77bd96466286e140d8dd8493e89cb64c4c4ede4af083a31824ad2f7fb3"
    static let bobVerifierKey = "bob+fbc93ea1+Ae1JKMYo0cLG6ukDOJBZlWEpWSc6XGP5NjbBRhSshzfR"
    static let bobFingerprint = "fbc93ea122b7a8e73482ddc756874ad456e3347ae2bb8ef30123743c4fa01eab"
    static let bobNewVerifierKey = "bob+6fbaa38a+AcqTrBcFGHBx1nuDx/8O/oEI6OxFMFdddyaHkzPb2r58"
    static let bobNewFingerprint = "6fbaa38a7df8af51c89805368a29c9a35a7e2f5ae862a1fb02886cf55aca5dee"

    static let bodies = [
        "6174746573742d656e7472792f76310a0000000000000000000647484620400000000000000000000000000000000000000000000000000000000000000000004124365a06743bc8f2b240cd6a6db0322906cbd9f308007e95014597f388b697000e6c65646765722e67656e65736973000000be7b2261646d696e223a22616c6963652b34313234333635612b4159714934393130436647562f564c624c54793658584c4b5a776d2f485a5153472f4e306941473044323963222c22666f726d6174223a312c226c6f674b6579223a226578616d706c652e636f6d2f6c6f672b62303766626337372b415945356477366f6652646656714e555a734e4d66737a4c6a597152744f34336f6c33324431755079624f55222c226f726967696e223a226578616d706c652e636f6d2f6c6f67227d",
        "6174746573742d656e7472792f76310a000000000000000100064748462f8240f6b087c362ce92504683d2659bb46ad5fa1225ac383c6eeba07fb18a3184c5044124365a06743bc8f2b240cd6a6db0322906cbd9f308007e95014597f388b697000c6578616d706c652e6e6f7465000000107b226e6f7465223a226669727374227d",
        "6174746573742d656e7472792f76310a000000000000000200064748463ec4800e347167d345c814995baa8b9bacccbcfdbbb76f3054cc0584b2c1a928a3fbdc4124365a06743bc8f2b240cd6a6db0322906cbd9f308007e95014597f388b69700106c65646765722e6b65792e6164646564000000557b226b6579223a22626f622b66626339336561312b4165314a4b4d596f30634c4736756b444f4a425a6c57457057536336584750354e6a624252685373687a6652222c227072696e636970616c223a22626f62227d",
        "6174746573742d656e7472792f76310a000000000000000300064748464e06c02e116d35e2d8d0c99adba7a27d2ae4c2fd988c9c81165c731776bfd054158f62fbc93ea122b7a8e73482ddc756874ad456e3347ae2bb8ef30123743c4fa01eab000c6578616d706c652e6e6f7465000000117b226e6f7465223a227365636f6e64227d",
        "6174746573742d656e7472792f76310a000000000000000400064748465d4900f01066c1009fec1ae81ca0c671926ceb3145cc3409a00593149e04597c4d91cefbc93ea122b7a8e73482ddc756874ad456e3347ae2bb8ef30123743c4fa01eab00126c65646765722e6b65792e726f74617465640000010a7b226e65774b6579223a22626f622b36666261613338612b416371547242634647484278316e7544782f384f2f6f4549364f78464d466464647961486b7a506232723538222c226e65774b65795369676e6174757265223a226c507065636d47363569355157744f4e65502b693079474250676b2f7a6e77655671506d53336258496757592f69646f33577833515845322f7a496a6f43422b696351344e59706d4c7641575a2f417947555a3943773d3d222c226f6c644b6579223a22626f622b66626339336561312b4165314a4b4d596f30634c4736756b444f4a425a6c57457057536336584750354e6a624252685373687a6652222c227072696e636970616c223a22626f62227d",
    ]
    static let signatures = [
        "b7f9472be0d3d58cb6b28b68c3d449f6254a5f31e7bf73deec632f6a6d32390d39295a572ea88cd9f0eb912477244681148d6a282cdf7a3ef7310399657fb800",
        "53dce323647059955700dc65259dd89618b50f9507a21c50233b3d4aefe31a25cad9295a3f2742cf4ea08ce4b7190c61e7d45f02dfa6ec08002a2e6a51320601",
        "fa53ea13ecc12d0bc65cd0a01b71542d81d7b07ee1302ee1a9ae08c8fded13eb84a85879ee55bb4356e5c1269250165ccea8790ce99f3884bb425e5ee32bbb0e",
        "3c8e117c6ad8ad1a60651d1973c14dc0c6d0df51d219abbbe058d615548fead61cfc81ee80dfb575bb8c03b725b900be4c987086f34cb8b50ece739121d88005",
        "7a8422bc99d4a2fd6ebb5178bbc445263ee1a6bde7d4bc266570f54c5b49e013facb3754b4a58008455bbec47149a64ef6620418996fb45c416651dff119e104",
    ]
    static let leafHashes = [
        "f6b087c362ce92504683d2659bb46ad5fa1225ac383c6eeba07fb18a3184c504",
        "0e347167d345c814995baa8b9bacccbcfdbbb76f3054cc0584b2c1a928a3fbdc",
        "2e116d35e2d8d0c99adba7a27d2ae4c2fd988c9c81165c731776bfd054158f62",
        "f01066c1009fec1ae81ca0c671926ceb3145cc3409a00593149e04597c4d91ce",
        "62730870b5bd36db18506aee8e25db315cb7526003933eb60ac3857c662ad0db",
    ]
    static let roots = [
        "f6b087c362ce92504683d2659bb46ad5fa1225ac383c6eeba07fb18a3184c504",
        "5ea06b91a78fdf74d3742a37ab2fac4131aa4fc8dc58741be1971326e6a83beb",
        "ba319b5b82ec2e9e6c7b923ccdd4bb367e65a0b1db6f9502ded446dc38592913",
        "0b701abc2aca0557c1e853de4a409218fc2850fa90b6b8cc0ef04940b72d42ef",
        "6645e03d29187d59e99fc4ef77682eb0f7726b2b7765898bb7d05d3c2d050741",
    ]
    static let possessionMessage =
        "6174746573742d6b65792d726f746174696f6e2f76310afbc93ea122b7a8e73482ddc756874ad456e3347ae2bb8ef30123743c4fa01eab6fbaa38a7df8af51c89805368a29c9a35a7e2f5ae862a1fb02886cf55aca5dee"

    static let checkpoint3 = """
        example.com/log
        3
        ujGbW4LsLp5se5I8zdS7Nn5loLHbb5UC3tRG3DhZKRM=

        \u{2014} example.com/log sH+8dw/vZApDlRK5Y0qvGLzvj+zd2+pOzTUINwbms0LnvxWR6Y9sqikPJM0S6BaHGceUzKf/QcJTiEZacTnK7I0L9Qc=

        """
    static let checkpoint5 = """
        example.com/log
        5
        ZkXgPSkYfVnpn8Tvd2gusPdyayt3ZYmLt9BdPC0FB0E=

        \u{2014} example.com/log sH+8dx5V74Ycl8pI/hhYaZTIyNRPHb6hRy9zmxlFlF7uSmf8jPbPV3hIkEGiWbQ3pYs2OKPvjYqeSovdaOaxLl+Dqg8=

        """
    static let inclusionProof = """
        c2sp.org/tlog-proof@v1
        extra YXR0ZXN0LWVudHJ5L3YxCgAAAAAAAAADAAZHSEZOBsAuEW014tjQyZrbp6J9KuTC/ZiMnIEWXHMXdr/QVBWPYvvJPqEit6jnNILdx1aHStRW4zR64ruO8wEjdDxPoB6rAAxleGFtcGxlLm5vdGUAAAAReyJub3RlIjoic2Vjb25kIn08jhF8atitGmBlHRlzwU3AxtDfUdIZq7vgWNYVVI/q1hz8ge6A37V1u4wDtyW5AL5MmHCG80y4tQ7Oc5Eh2IAF
        index 3
        LhFtNeLY0Mma26eifSrkwv2YjJyBFlxzF3a/0FQVj2I=
        XqBrkaeP33TTdCo3qy+sQTGqT8jcWHQb4ZcTJuaoO+s=
        YnMIcLW9NtsYUGrujiXbMVy3UmADkz62CsOFfGYq0Ns=

        """ + "\n" + checkpoint5
    static let consistencyProof = """
        attest.dev/consistency-proof@v1
        old 3
        LhFtNeLY0Mma26eifSrkwv2YjJyBFlxzF3a/0FQVj2I=
        8BBmwQCf7BroHKDGcZJs6zFFzDQJoAWTFJ4EWXxNkc4=
        XqBrkaeP33TTdCo3qy+sQTGqT8jcWHQb4ZcTJuaoO+s=
        YnMIcLW9NtsYUGrujiXbMVy3UmADkz62CsOFfGYq0Ns=

        """ + "\n" + checkpoint5

    /// Every constant above, as it must appear (verbatim) in docs/log-format.md.
    static var documentedValues: [String] {
        [
            aliceVerifierKey, aliceFingerprint, logVerifierKey, logFingerprint, bobVerifierKey, bobFingerprint,
            bobNewVerifierKey, bobNewFingerprint, possessionMessage, checkpoint3, checkpoint5, inclusionProof,
            consistencyProof,
        ] + bodies + signatures + leafHashes + roots
    }

    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/log-format.md")

    // MARK: Tests

    @Test("every constant of this file appears verbatim in docs/log-format.md")
    func documentHoldsTheConstants() throws {
        let document = try String(contentsOf: Self.documentURL, encoding: .utf8)
        for value in Self.documentedValues {
            #expect(document.contains(value), "docs/log-format.md lacks: \(value.prefix(80))")
        }
    }

    @Test("keys, key IDs and fingerprints")
    func keys() throws {
        let built = try LogFormatVectors.build()
        if ProcessInfo.processInfo.environment["ATTEST_PRINT_VECTORS"] != nil { LogFormatVectors.printAll(built) }
        #expect(built.alice.verifierKey.description == Self.aliceVerifierKey)
        #expect(built.alice.verifierKey.fingerprint.hex == Self.aliceFingerprint)
        #expect(built.log.verifierKey.description == Self.logVerifierKey)
        #expect(built.log.verifierKey.fingerprint.hex == Self.logFingerprint)
        #expect(built.bob.verifierKey.description == Self.bobVerifierKey)
        #expect(built.bob.verifierKey.fingerprint.hex == Self.bobFingerprint)
        #expect(built.bobNew.verifierKey.description == Self.bobNewVerifierKey)
        #expect(built.bobNew.verifierKey.fingerprint.hex == Self.bobNewFingerprint)
        for key in [Self.aliceVerifierKey, Self.logVerifierKey, Self.bobVerifierKey, Self.bobNewVerifierKey] {
            #expect(try VerifierKey(parsing: key).description == key)
        }
    }

    @Test("entry bodies, signatures and leaf hashes")
    func entries() throws {
        let built = try LogFormatVectors.build()
        #expect(built.entries.map { Hex.encode($0.body) } == Self.bodies)
        #expect(built.entries.map { Hex.encode($0.signature) } == Self.signatures)
        #expect(built.entries.map(\.leafHash.hex) == Self.leafHashes)
        #expect(Hex.encode(built.possessionMessage) == Self.possessionMessage)
    }

    @Test("the documented bytes decode and verify by the documented rules alone")
    func independentCheck() throws {
        let keys = try [Self.aliceVerifierKey, Self.bobVerifierKey, Self.bobNewVerifierKey].map(VerifierKey.init(parsing:))
        let byFingerprint = Dictionary(uniqueKeysWithValues: keys.map { ($0.fingerprint, $0) })
        var previous = Digest.zero
        var leafHashes: [Digest] = []
        for (index, bodyHex) in Self.bodies.enumerated() {
            let body = try #require(Hex.decode(bodyHex))
            let signature = try #require(Hex.decode(Self.signatures[index]))
            let entry = try EntryEncoding.decode(leaf: body + signature)
            #expect(entry.sequence == UInt64(index))
            #expect(entry.timeMicros == (LogFormatVectors.baseSeconds + Int64(index)) * 1_000_000)
            #expect(entry.previousHash == previous)
            let signer = try #require(byFingerprint[entry.signer])
            #expect(signer.publicKey.isValidSignature(signature, for: body))
            let leafHash = SHA256.hash([0x00] + body + signature)
            #expect(leafHash.hex == Self.leafHashes[index])
            leafHashes.append(leafHash)
            previous = leafHash
        }
        for size in 1...leafHashes.count {
            #expect(MerkleHash.root(ofLeafHashes: Array(leafHashes.prefix(size))).hex == Self.roots[size - 1])
        }
    }

    @Test("Merkle roots at every size")
    func roots() throws {
        let built = try LogFormatVectors.build()
        #expect(built.roots.map(\.hex) == Self.roots)
        #expect(built.report.isValid, "\(built.report.problems)")
        #expect(built.report.entriesChecked == 5)
    }

    @Test("signed checkpoints, inclusion proof and consistency proof files")
    func proofFiles() throws {
        let built = try LogFormatVectors.build()
        #expect(built.checkpoint3.serialized == Self.checkpoint3)
        #expect(built.checkpoint5.serialized == Self.checkpoint5)
        #expect(built.inclusion.serialized == Self.inclusionProof)
        #expect(built.consistency.serialized == Self.consistencyProof)

        let logKey = try VerifierKey(parsing: Self.logVerifierKey)
        let inclusion = try InclusionProof(parsing: Self.inclusionProof, logKey: logKey)
        let leaf = try #require(inclusion.extra)
        #expect(inclusion.verifies(leafHash: MerkleHash.leaf(leaf)))
        #expect(try EntryEncoding.decode(leaf: leaf).sequence == inclusion.index)
        let consistency = try ConsistencyProof(parsing: Self.consistencyProof, logKey: logKey)
        let old = try SignedCheckpoint(parsing: Self.checkpoint3, logKey: logKey)
        #expect(consistency.verifies(from: old.checkpoint))
    }
}
