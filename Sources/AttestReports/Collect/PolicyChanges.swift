import AttestPolicy
import AttestRegistry
import Foundation

/// Every policy publication between the first registration of the versions in scope and their
/// last decision, each with who stood behind it, when it took effect, and what it changed from
/// the publication before it: what an examiner asks when the rules moved under a version.
enum PolicyChanges {
    /// The publications in the window `from...through` (entry numbers), oldest first.
    /// - Throws: `RegistryError` when a published set no longer loads.
    static func collect(registry: Registry, from first: UInt64, through last: UInt64) throws -> [PolicyChangeItem] {
        let history = try registry.policyHistory()
        var items: [PolicyChangeItem] = []
        for (index, info) in history.enumerated() where info.entry >= first && info.entry <= last {
            var changes: [String] = ["first publication"]
            if index > 0 {
                let diff = PolicySetDiff(
                    from: try registry.publishedPolicySet(at: history[index - 1].entry), to: try registry.publishedPolicySet(at: info.entry)
                )
                changes =
                    diff.isEmpty
                    ? ["no change"] : diff.changes + diff.files.filter { $0.change != "changed" }.map { "file \($0.path) \($0.change)" }
                if diff.changes.isEmpty, !diff.files.isEmpty {
                    changes.append("text changed in " + diff.files.map(\.path).joined(separator: ", "))
                }
            }
            items.append(
                PolicyChangeItem(
                    entry: info.entry, time: info.published, publisher: info.publisher, hash: info.hash, approvers: info.approvers,
                    quorum: info.quorum, effective: info.effective, changes: changes))
        }
        return items
    }
}
