import AttestIntegrations
import AttestLedger
import Foundation
import Testing

@Suite("in-toto export", .serialized)
struct InTotoExportTests {
    /// A version with an evaluation, a denied and an allowed promotion, exported by vera.
    static func exported() throws -> Sandbox {
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        #expect(box.run("evaluate", "scorer", "1", "--data", "test.csv", "--label", "y", "--prediction", "p", "--as", "dana").code == 0)
        #expect(box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana").code == 1)  // no approval yet
        #expect(box.run("approve", "scorer", "1", "--to", "staging", "--as", "vera").code == 0)
        let allowed = box.run("promote", "scorer", "1", "--to", "staging", "--as", "dana")
        #expect(allowed.code == 0, "\(allowed.err)")
        let export = box.run("export", "scorer", "1", "--format", "in-toto", "--out", "out", "--as", "vera")
        #expect(export.code == 0, "\(export.err)")
        #expect(
            export.out.contains(
                "5 DSSE envelopes of scorer v1 signed by vera (5 of them by the actor who made the act, when they made it), with 5 inclusion proofs"
            ), "\(export.out)")
        return box
    }

    @Test("the real securesystemslib and in-toto-attestation packages verify every envelope and predicate")
    func pythonVerifiesTheExport() throws {
        try Tools.ensureVenv()
        let box = try Self.exported()
        let result = try Tools.run(Tools.python, [Tools.verifyScript, box.url("out").path], in: box.folder)
        #expect(result.code == 0, "\(result.out)\(result.err)")
        #expect(result.out.components(separatedBy: "https://slsa.dev/verification_summary/v1").count - 1 == 2)
        #expect(result.out.components(separatedBy: "https://in-toto.io/attestation/test-result/v0.1").count - 1 == 2)
        #expect(result.out.contains("https://attest.dev/attestation/evaluation/v1"))
        // dana signed the statements of her evaluation and her decisions when she made them: each
        // envelope carries her signature (the key that signed the cited entry) and vera's.
        #expect(result.out.components(separatedBy: "(signed by its actor)").count - 1 == 5, "\(result.out)")
        let names = try FileManager.default.contentsOfDirectory(atPath: box.url("out").path)
        #expect(names.contains("checkpoint") && names.contains("log-key.vkey") && names.contains("signer.vkey"))
        #expect(names.filter { $0.hasPrefix("actor-") && $0.hasSuffix(".vkey") }.count == 1)
        for name in names where name.hasSuffix(".dsse.json") {
            let envelope = try JSONSerialization.jsonObject(with: try box.read("out/\(name)")) as? [String: Any]
            #expect((envelope?["signatures"] as? [Any])?.count == 2, "\(name)")
        }
        // Each envelope's entry proof leads to the exported checkpoint, checked by the third-party verifier.
        // One proof per entry restated (the evaluation, the two decisions) and per signer's key
        // entry (vera's, dana's).
        let proofs = names.filter { $0.hasSuffix(".proof") }
        #expect(proofs.count == 5)
        for proof in proofs {
            let checked = try Tools.run(
                Tools.python, [Tools.proofScript, box.url("out/\(proof)").path, "--log-key", box.url("out/log-key.vkey").path],
                in: box.folder)
            #expect(checked.code == 0, "\(proof): \(checked.out)\(checked.err)")
        }
        // A proof with one byte of its audit path changed fails it.
        let first = try #require(proofs.sorted().first)
        var lines = String(decoding: try box.read("out/\(first)"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("index ") })
        try #require(!lines[index + 1].isEmpty, "the proof has an audit path")
        var hash = Array(lines[index + 1].utf8)
        hash[0] = Self.replacement(for: hash[0])
        lines[index + 1] = String(decoding: hash, as: UTF8.self)
        try box.write("forged.proof", lines.joined(separator: "\n"))
        let forged = try Tools.run(
            Tools.python, [Tools.proofScript, box.url("forged.proof").path, "--log-key", box.url("out/log-key.vkey").path], in: box.folder)
        #expect(forged.code == 1, "\(forged.out)\(forged.err)")
    }

    @Test("a changed byte anywhere in an envelope fails the Python verifier")
    func changedBytesFail() throws {
        try Tools.ensureVenv()
        let box = try Self.exported()
        let out = box.url("out")
        let mutated = box.url("mutated")
        try FileManager.default.createDirectory(at: mutated, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".proof") || name.hasSuffix(".vkey")
        {
            try FileManager.default.copyItem(at: out.appendingPathComponent(name), to: mutated.appendingPathComponent(name))
        }
        var count = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".dsse.json") {
            let bytes = try box.read("out/\(name)")
            let body = bytes.count - 1  // the final newline is not part of the JSON
            for position in stride(from: 0, to: body, by: max(1, body / 41)) {
                var changed = bytes
                changed[position] = Self.replacement(for: changed[position])
                try changed.write(to: mutated.appendingPathComponent("\(position)-\(name)"))
                count += 1
            }
        }
        let result = try Tools.run(Tools.python, [Tools.verifyScript, mutated.path], in: box.folder)
        #expect(result.code == 1)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines.allSatisfy { $0.hasPrefix("FAIL ") }, "\(lines.filter { $0.hasPrefix("OK") })")
    }

    /// A different byte that changes what a base64 character encodes in its high bits (a letter's
    /// case swapped, a digit made a capital letter, anything else made `Q`), so even the last
    /// character before padding decodes differently; elsewhere it changes a key, a type or a key id.
    static func replacement(for byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + UInt8(ascii: "A")
        default: UInt8(ascii: "Q")
        }
    }

    @Test("envelopes are signed over the DSSE PAE by the exporter, and name the artifacts and the OMS manifest")
    func envelopeContents() throws {
        let box = try Self.exported()
        let names = try FileManager.default.contentsOfDirectory(atPath: box.url("out").path).sorted()
        let vsaName = try #require(names.last { $0.hasSuffix(".decision.vsa.dsse.json") })
        let json = try #require(JSONValue(parsing: Array(try box.read("out/\(vsaName)"))))
        let envelope = try DSSEEnvelope(json: json, source: vsaName)
        #expect(envelope.payloadType == "application/vnd.in-toto+json")
        let expectedPAE = Array("DSSEv1 28 application/vnd.in-toto+json \(envelope.payload.count) ".utf8) + envelope.payload
        #expect(envelope.signedBytes == expectedPAE)
        let statement = try #require(JSONValue(parsing: envelope.payload))
        #expect(statement["_type"]?.stringValue == "https://in-toto.io/Statement/v1")
        #expect(statement["predicate"]?["verificationResult"]?.stringValue == "PASSED")
        #expect(statement["predicate"]?["verifiedLevels"]?.arrayValue == [.string("ATTEST_STAGE_STAGING")])
        let subjects = try #require(statement["subject"]?.arrayValue)
        #expect(subjects.count == 1)
        #expect(subjects[0]["name"]?.stringValue == "model")
        let proofName = try #require(statement["predicate"]?["inputAttestations"]?.arrayValue?.first?["uri"]?.stringValue)
        #expect(names.contains(proofName))
    }

    @Test("bad input: unknown format, unknown version, a non-empty folder, no acting identity (exit 2)")
    func badInput() throws {
        let box = try Self.exported()
        let format = box.run("export", "scorer", "1", "--format", "spdx", "--out", "x", "--as", "vera")
        #expect(format.code == 2 && format.err.contains("--format is 'spdx'"))
        let version = box.run("export", "scorer", "7", "--format", "in-toto", "--out", "x", "--as", "vera")
        #expect(version.code == 2 && version.err.contains("scorer has no version 7"), "\(version.err)")
        let full = box.run("export", "scorer", "1", "--format", "in-toto", "--out", "out", "--as", "vera")
        #expect(full.code == 2 && full.err.contains("is not empty"), "\(full.err)")
        let nobody = box.run("export", "scorer", "1", "--format", "in-toto", "--out", "y")
        #expect(nobody.code == 2 && nobody.err.contains("--as NAME"), "\(nobody.err)")
    }
}
