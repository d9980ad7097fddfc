import AttestLedger
import Foundation
import GRDB

extension EventType {
    /// An export's index: every entry concerning a model version before it (docs/bundles.md,
    /// "Completeness").
    public static let bundleExported = "bundle.exported"
}

/// `bundle.exported`: the sequence numbers of every entry concerning `model` `version` that
/// precede this entry. Recorded by `attest export --as NAME` right before the checkpoint the
/// bundle uses, so that the bundle can prove it left none of them out.
public struct BundleExported: Codable, Sendable, Equatable {
    /// The model.
    public var model: String
    /// The version.
    public var version: Int
    /// The entries concerning the version, in increasing order.
    public var entries: [UInt64]

    /// Makes an index.
    public init(model: String, version: Int, entries: [UInt64]) {
        self.model = model
        self.version = version
        self.entries = entries
    }
}

/// Which entries concern a model version, and the check that every export index tells the truth.
///
/// An entry concerns version `V` of model `M` when its payload is a JSON object whose top-level
/// `model` is the string `M` and whose top-level `version` is absent or the number `V`.
public enum ModelEntryIndex {
    /// Whether `entry` concerns `model` `version`.
    public static func concerns(_ entry: Entry, model: String, version: Int) -> Bool {
        guard let (entryModel, entryVersion) = subject(entry.payload), entryModel == model else { return false }
        return entryVersion == nil || entryVersion == version
    }

    /// The model and version an entry's payload names at top level, if it names a model.
    public static func subject(_ payload: [UInt8]) -> (model: String, version: Int?)? {
        guard contains(payload, needle) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let model = object["model"] as? String
        else { return nil }
        guard let value = object["version"] else { return (model, nil) }
        // A version that is not an integer concerns no version (Int.min is never registered).
        return (model, (value as? Int) ?? Int.min)
    }

    /// The entries concerning `model` `version` before entry `end`.
    public static func entries(model: String, version: Int, before end: UInt64, db: Database) throws -> [UInt64] {
        var found: [UInt64] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, payload FROM entries WHERE seq < ? ORDER BY seq", arguments: [Int64(end)])
        while let row = try rows.next() {
            guard let (entryModel, entryVersion) = subject([UInt8](row["payload"] as Data)), entryModel == model,
                entryVersion == nil || entryVersion == version
            else { continue }
            found.append(UInt64(row["seq"] as Int64))
        }
        return found
    }

    /// Every `bundle.exported` entry whose list differs from the entries that really precede it.
    /// - Returns: one problem per false index, at its entry.
    public static func problems(ledger: Ledger) throws -> [VerificationProblem] {
        let exports = try ledger.entries(types: [EventType.bundleExported])
        guard !exports.isEmpty else { return [] }
        return try ledger.read { db in
            try exports.compactMap { export in
                guard let index = try? JSONDecoder().decode(BundleExported.self, from: Data(export.payload)) else {
                    return VerificationProblem(.malformedEntry, at: export.sequence, "the export index does not decode")
                }
                let truth = try entries(model: index.model, version: index.version, before: export.sequence, db: db)
                guard truth != index.entries else { return nil }
                let missing = Set(truth).subtracting(index.entries).sorted()
                return VerificationProblem(
                    .malformedEntry, at: export.sequence,
                    "the export index of \(index.model) v\(index.version) does not list exactly the entries concerning it\(missing.isEmpty ? "" : " (it leaves out \(missing.prefix(10).map(String.init).joined(separator: ", ")))")"
                )
            }
        }
    }

    private static let needle = Array("\"model\"".utf8)

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

extension Registry {
    /// Records an export index of `model` `version` (any active actor) and, in the same
    /// transaction, the checkpoint whose last entry it is, signed with the log key: a complete
    /// bundle is proved against exactly that checkpoint (docs/bundles.md, "Completeness").
    /// - Returns: the appended `bundle.exported` entry and the checkpoint.
    /// - Throws: `RegistryError` (`.notFound`) for an unknown version; `LedgerError` for a key
    ///   that is not the log key.
    public func recordExport(
        model: String, version: Int, by signer: Signer, checkpointSignedBy logSigner: Signer
    ) throws -> (entry: Entry, checkpoint: SignedCheckpoint) {
        try perform("bundle.export", target: Target("\(model) v\(version)", model: model, version: version), by: signer) { writer, _ in
            let entry = try Self.appendExportIndex(model: model, version: version, signer: signer, writer: &writer)
            return (entry, try ledger.checkpoint(signedBy: logSigner, in: writer))
        }
    }

    private static func appendExportIndex(model: String, version: Int, signer: Signer, writer: inout LedgerWriter) throws -> Entry {
        guard
            try Int64.fetchOne(
                writer.db, sql: "SELECT 1 FROM reg_versions WHERE model = ? AND version = ?", arguments: [model, version]) != nil
        else { throw RegistryError(.notFound, "\(model) has no version \(version)") }
        let listed = try ModelEntryIndex.entries(model: model, version: version, before: writer.size, db: writer.db)
        return try writer.append(
            try EntryDraft(type: EventType.bundleExported, encoding: BundleExported(model: model, version: version, entries: listed)),
            signer: signer)
    }
}
