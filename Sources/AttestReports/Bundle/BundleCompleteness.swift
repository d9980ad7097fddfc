import AttestLedger
import AttestRegistry
import Foundation

/// Whether a bundle holds every entry concerning its model version (docs/bundles.md,
/// "Completeness"): the bundle must hold a `bundle.exported` index of its model version as the
/// last entry of its checkpoint's tree, and every entry that index lists.
struct BundleCompleteness {
    /// The sequence numbers of the bundle's entries that concern its model version.
    private(set) var concerning: Set<UInt64> = []
    /// The last export index of the model version seen.
    private(set) var index: (sequence: UInt64, entries: [UInt64])?
    private var malformedIndex: UInt64?

    /// Notes one entry of the bundle.
    mutating func observe(_ entry: Entry, model: String, version: Int) {
        guard ModelEntryIndex.concerns(entry, model: model, version: version) else { return }
        concerning.insert(entry.sequence)
        guard entry.type == EventType.bundleExported else { return }
        guard let decoded = try? JSONDecoder().decode(BundleExported.self, from: Data(entry.payload)) else {
            malformedIndex = entry.sequence
            return
        }
        index = (entry.sequence, decoded.entries)
    }

    /// The verdict: a sentence for the report and the failures, if any.
    func evaluate(treeSize: UInt64, model: String, version: Int) -> (complete: Bool, summary: String, failures: [String]) {
        if let malformedIndex {
            return (false, "not proven", ["\(BundleFormat.entryPath(malformedIndex)): the export index does not decode"])
        }
        guard let index else {
            return (
                false,
                "NOT proven: the bundle holds no export index of \(model) v\(version) (a ledger written before complete bundles, or an export without --as)",
                []
            )
        }
        let missing = index.entries.filter { !concerning.contains($0) }
        let unlisted = concerning.filter { $0 < index.sequence && !index.entries.contains($0) }.sorted()
        var failures: [String] = []
        if !missing.isEmpty {
            failures.append(
                "\(BundleFormat.entryPath(index.sequence)): the export index lists \(missing.count) entr\(missing.count == 1 ? "y" : "ies") concerning \(model) v\(version) that the bundle leaves out: \(missing.prefix(10).map(String.init).joined(separator: ", "))"
            )
        }
        if !unlisted.isEmpty {
            failures.append(
                "\(BundleFormat.entryPath(index.sequence)): the export index does not list entries the bundle holds about \(model) v\(version): \(unlisted.prefix(10).map(String.init).joined(separator: ", "))"
            )
        }
        guard failures.isEmpty else { return (false, "FAILED", failures) }
        guard index.sequence + 1 == treeSize else {
            return (
                false,
                "NOT proven past entry \(index.sequence): the export index is not the last entry of the checkpoint's tree (size \(treeSize)), so later entries may be missing",
                []
            )
        }
        return (
            true,
            "proven: all \(index.entries.count) entries concerning \(model) v\(version) before the export index (entry \(index.sequence), the checkpoint's last) are in the bundle",
            []
        )
    }
}
