import AttestLedger
import AttestRegistry
import Foundation

/// `verify --replay`'s check of recorded model signatures. An `evidence.attached` entry of kind
/// `model_signature` says who signed a model; it is written by the attaching actor, so an insider
/// with a data scientist's key could write one claiming a verification that never happened. Each
/// such entry stores the signature bundle and the trust anchor it was verified with, and this
/// verifies the bundle again from them, at the entry's time, and checks that every field of the
/// record is what the bundle and the anchor give.
///
/// What it cannot check from the ledger alone: that the manifest matches the files of the
/// registered folder (the ledger holds the folder's digest, not its files); the attacher checked
/// that when it recorded the signature.
public enum ModelSignatureRecheck {
    /// A recorded model signature that does not verify again as recorded.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The `evidence.attached` entry.
        public var entry: UInt64
        /// The model and version, when the payload decodes.
        public var subject: String
        /// What differs.
        public var detail: String

        /// A description for people.
        public var description: String { "entry \(entry) (\(subject)): \(detail)" }
    }

    /// Checks every recorded model signature of the ledger.
    /// - Returns: how many were checked, and each that does not verify as recorded.
    /// - Throws: `LedgerError` or `RegistryError` for a storage failure.
    public static func run(_ registry: Registry) throws -> (checked: Int, findings: [Finding]) {
        var checked = 0
        var findings: [Finding] = []
        for entry in try registry.ledger.entries(types: [EventType.evidenceAttached]) {
            guard let kind = try? JSONDecoder().decode(Kind.self, from: Data(entry.payload)), kind.kind == ModelSignatureEvidence.kind
            else {
                continue
            }
            checked += 1
            if let finding = try check(entry, in: registry) { findings.append(finding) }
        }
        return (checked, findings)
    }

    private struct Kind: Decodable { let kind: String? }

    /// Checks one entry; `nil` when it verifies as recorded.
    static func check(_ entry: Entry, in registry: Registry) throws -> Finding? {
        guard let event = try? JSONDecoder().decode(ModelSignatureEvidence.self, from: Data(entry.payload)) else {
            return Finding(entry: entry.sequence, subject: "?", detail: "the model signature record does not decode")
        }
        let subject = "\(event.model) v\(event.version)"
        func finding(_ detail: String) -> Finding { Finding(entry: entry.sequence, subject: subject, detail: detail) }
        guard let content = event.content, let record = event.signature,
            let bytes = Data(base64Encoded: content).map(Array.init)
        else {
            return finding("the record does not hold the signature bundle and what was verified")
        }
        let digest = AttestLedger.SHA256.hash(bytes).description
        guard digest == event.file.digest, Int64(bytes.count) == event.file.size else {
            return finding(
                "the stored bundle is \(digest), \(bytes.count) bytes; the record says \(event.file.digest), \(event.file.size) bytes")
        }
        let anchor = "the recorded anchor"
        let trust: ModelSignatureVerifier.Trust
        switch record.method {
        case "key": trust = .publicKey(pem: record.anchor, source: anchor)
        case "certificate": trust = .rootCertificate(pem: record.anchor, source: anchor)
        default: return finding("the record's method '\(record.method)' is neither key nor certificate")
        }
        let verified: ModelSignatureVerifier.Verified
        do {
            let bundle = try ModelSignatureBundle(bytes: bytes, source: event.file.name)
            verified = try ModelSignatureVerifier(trust: trust, time: entry.time).verifySignature(bundle, source: event.file.name)
        } catch let error as IntegrationError {
            return finding("the stored bundle does not verify with the recorded anchor: \(error.message)")
        }
        let expected = verified.record(artifactDigest: record.artifactDigest, anchor: record.anchor)
        if expected != record {
            return finding("the record says \(describe(record)) but the bundle and anchor give \(describe(expected))")
        }
        let versions = try registry.model(event.model).versions
        guard let registered = versions.first(where: { $0.version == event.version }),
            registered.registration.artifacts.contains(where: { $0.digest == record.artifactDigest && $0.isFolder == true })
        else {
            return finding("\(record.artifactDigest) is not a folder registered as an artifact of \(subject)")
        }
        return nil
    }

    private static func describe(_ record: ModelSignatureRecord) -> String {
        "\(record.method) \(record.identity) (\(record.curve)\(record.rootDigest.map { ", root \($0)" } ?? "")), manifest \(record.manifestName) \(record.manifestDigest) of \(record.files) files"
    }
}
