import AttestLedger
import Foundation
import GRDB

/// An evidence document as `evidence list` prints it.
public struct EvidenceInfo: Codable, Sendable, Equatable {
    /// The `evidence.attached` entry.
    public var entry: UInt64
    /// The kind, e.g. `model_card`.
    public var kind: String
    /// `sha256:<hex>`.
    public var digest: String
    /// When it was attached (ISO 8601).
    public var time: String
}

extension Registry {
    /// Roles that may attach evidence documents.
    public static let evidenceAuthors = [BuiltInRole.dataScientist, BuiltInRole.validator, BuiltInRole.admin]

    /// The largest document whose bytes `--store` keeps in the ledger: 8 MiB (its base64 form,
    /// about 11 MB, stays under the ledger's 16 MiB payload limit). Larger documents are recorded
    /// by digest only.
    public static let maximumStoredEvidenceBytes = 8 << 20

    /// The evidence kind of a verified OMS model signature, which `attachEvidence` refuses.
    public static let modelSignatureKind = "model_signature"

    /// Attaches a document to a version as evidence: its name, SHA-256 and size, and with
    /// `store` its bytes (base64) and media type. New evidence makes earlier approvals stale.
    /// - Parameters:
    ///   - model: the model.
    ///   - version: the version.
    ///   - kind: the kind the policies name, e.g. `model_card`, `validation_report`.
    ///   - file: the document.
    ///   - store: keep the bytes in the entry (at most ``maximumStoredEvidenceBytes``).
    ///   - signer: a data scientist, validator or admin.
    /// - Returns: the entry.
    /// - Throws: `RegistryError` (`.notFound` for a missing file or unknown version, `.badInput`
    ///   for a bad kind, the kind `model_signature` (recorded only once verified, by
    ///   AttestIntegrations' `ModelSignatureAttacher`) or a document too large to store,
    ///   `.refused` without the role or for a retired version).
    @discardableResult
    public func attachEvidence(
        _ model: String, version: Int, kind: String, file: URL, store: Bool = false, by signer: Signer
    ) throws -> UInt64 {
        try Self.validateName(kind, what: "evidence kind")
        guard kind != Self.modelSignatureKind else {
            throw RegistryError(
                .badInput,
                "a \(kind) is recorded only once verified against the version's registered files: attach it on a local ledger with --artifact DIR and --public-key PEM or --root PEM"
            )
        }
        let record = try FileDigester.record(for: file)
        guard record.isFolder != true else {
            throw RegistryError(.badInput, "\(file.path) is a folder; attach a file (e.g. a PDF or Markdown document)")
        }
        var content: String?
        var mediaType: String?
        if store {
            guard record.size <= Int64(Self.maximumStoredEvidenceBytes) else {
                throw RegistryError(
                    .badInput,
                    "\(file.path) is \(record.size) bytes; --store keeps at most \(Self.maximumStoredEvidenceBytes) bytes (8 MiB). Attach it without --store (its digest is recorded) and keep the file elsewhere"
                )
            }
            let bytes: Data
            do { bytes = try Data(contentsOf: file) } catch {
                throw RegistryError(.notFound, "\(file.path): cannot read (\(error.localizedDescription))")
            }
            guard SHA256.hash(bytes).description == record.digest else {
                throw RegistryError(.badInput, "\(file.path) changed while it was read; attach it again")
            }
            content = bytes.base64EncodedString()
            mediaType = Self.mediaType(of: file)
        }
        let event = EvidenceAttached(
            model: model, version: version, kind: kind, file: EvidenceFile(name: record.name, digest: record.digest, size: record.size),
            content: content, mediaType: mediaType)
        return try perform("evidence.attach", target: Target("\(model) v\(version)", model: model, version: version), by: signer) {
            writer, acting in
            try acting.require(anyOf: Self.evidenceAuthors, to: "attach evidence")
            _ = try Self.requireLiveVersion(model, version, writer.db)
            return try writer.append(try EntryDraft(type: EventType.evidenceAttached, encoding: event), signer: signer).sequence
        }
    }

    /// The evidence documents of a version, oldest first.
    public func evidence(_ model: String, version: Int) throws -> [EvidenceInfo] {
        try ledger.read { db in
            try Self.requireModel(model, db)
            return try Row.fetchAll(
                db, sql: "SELECT seq, kind, digest, time_us FROM gov_inputs WHERE model = ? AND version = ? AND type = ? ORDER BY seq",
                arguments: [model, version, EventType.evidenceAttached]
            ).map {
                EvidenceInfo(
                    entry: UInt64($0["seq"] as Int64), kind: $0["kind"], digest: $0["digest"], time: ISOTime.string(micros: $0["time_us"]))
            }
        }
    }

    static func mediaType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "md", "markdown": "text/markdown"
        case "txt": "text/plain"
        case "html", "htm": "text/html"
        case "json": "application/json"
        case "csv": "text/csv"
        case "yaml", "yml": "application/yaml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        default: "application/octet-stream"
        }
    }
}
