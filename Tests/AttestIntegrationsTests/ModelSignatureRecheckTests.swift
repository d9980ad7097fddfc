import AttestIntegrations
import AttestLedger
import AttestRegistry
import Foundation
import Testing

/// `verify --replay` verifies every recorded model signature again from the bundle and anchor it
/// stores: an insider who writes a model signature record by hand (a data scientist's key and
/// the ledger file, no `evidence attach`) is caught, naming the entry.
@Suite("Recorded model signatures, verified again", .serialized)
struct ModelSignatureRecheckTests {
    /// A world with v1's folder signed by `release` (recorded through `evidence attach`) and by
    /// `stranger` (not recorded): made once, a copy for each test.
    static func signedWorld() throws -> Sandbox { try signed.copy() }

    private static let signed = SandboxTemplate {
        try Tools.ensureVenv()
        let box = try Sandbox.world()
        try box.makeModelFolder("model")
        try box.register("model")
        try box.makeKey("release")
        try box.makeKey("stranger")
        try box.signWithKey("model", key: "release", signature: "model.sig")
        try box.signWithKey("model", key: "stranger", signature: "stranger.sig")
        let attached = box.attach(version: 1, signature: "model.sig", folder: "model", publicKey: "release.pub")
        #expect(attached.code == 0, "\(attached.err)")
        return box
    }

    /// Appends `event` as dana would, with her key and the file, bypassing the attacher.
    static func forge(_ event: ModelSignatureEvidence, in box: Sandbox) throws -> UInt64 {
        let registry = try Registry.open(at: box.url("attest.ledger").path)
        let dana = try Keystore(home: box.url("home")).load(name: "dana") { nil }
        return try registry.perform("evidence.attach", target: Registry.Target("scorer v1", model: "scorer", version: 1), by: dana) {
            writer, _ in
            try writer.append(try EntryDraft(type: EventType.evidenceAttached, encoding: event), signer: dana).sequence
        }
    }

    /// The recorded genuine signature's payload.
    static func genuine(in box: Sandbox) throws -> ModelSignatureEvidence {
        let entries = try Ledger.open(at: box.url("attest.ledger").path).entries(types: [EventType.evidenceAttached])
        return try JSONDecoder().decode(ModelSignatureEvidence.self, from: Data(try #require(entries.last).payload))
    }

    /// `event` carrying `bytes` as its bundle, with the file digest and size to match.
    static func carrying(_ bytes: Data, _ event: ModelSignatureEvidence) -> ModelSignatureEvidence {
        var event = event
        event.content = bytes.base64EncodedString()
        event.file = EvidenceFile(
            name: event.file.name, digest: AttestLedger.SHA256.hash(Array(bytes)).description, size: Int64(bytes.count))
        return event
    }

    @Test("a signature recorded by evidence attach verifies again")
    func genuineRecordVerifies() throws {
        let box = try Self.signedWorld()
        let verified = box.run("verify", "--replay")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("verified 1 recorded model signature again from the stored bundle: as recorded"), "\(verified.out)")
        let json = box.run("verify", "--replay", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(object?["modelSignaturesRechecked"] as? Int == 1, "\(json.out)")
    }

    @Test(
        "a hand-written record is caught by verify --replay, naming its entry",
        arguments: [
            "stranger's bundle as the release key's", "stranger's key named as the release key", "another manifest digest",
            "a bundle unlike its digest", "an artifact that is not registered",
        ])
    func forgedRecordIsCaught(_ forgery: String) throws {
        let box = try Self.signedWorld()
        let genuine = try Self.genuine(in: box)
        let record = try #require(genuine.signature)
        let stranger = try box.read("stranger.sig")
        var forged = genuine
        switch forgery {
        case "stranger's bundle as the release key's":
            // The stranger signed; the record keeps the release key as identity and anchor.
            forged = Self.carrying(stranger, genuine)
        case "stranger's key named as the release key":
            // The stranger's bundle with the stranger's key as anchor (so it verifies), but the
            // identity a rule asks for.
            forged = Self.carrying(stranger, genuine)
            forged.signature?.anchor = String(decoding: try box.read("stranger.pub"), as: UTF8.self)
        case "another manifest digest":
            forged.signature?.manifestDigest = "sha256:" + String(repeating: "ab", count: 32)
        case "a bundle unlike its digest":
            // One byte more than the bundle the record's file digest names.
            forged.content = (try box.read("model.sig") + Data(" ".utf8)).base64EncodedString()
        default:
            forged.signature?.artifactDigest = "sha256:" + String(repeating: "cd", count: 32)
        }
        #expect(forged != genuine && forged.signature?.identity == record.identity)
        let entry = try Self.forge(forged, in: box)
        let verified = box.run("verify", "--replay")
        #expect(verified.code == 1, "\(forgery): \(verified.out)")
        #expect(verified.err.contains("entry \(entry): model signature mismatch"), "\(forgery): \(verified.err)")
        // Without --replay the log itself is sound: the forgery is a true record of a false claim.
        #expect(box.run("verify").code == 0)
    }
}
