import AttestLedger
import AttestRegistry
import Foundation

/// Who held which role at each entry, replayed from the log's actor entries: the same rules as
/// the registry's `reg_role_grants` projection and `Registry.roles(of:at:)` (a role counts for
/// entries after its grant, up to and including the entry that revokes it), held in memory so a
/// report of 10,000 entries does not ask the database 10,000 times.
struct RoleHistory {
    struct Grant {
        var role: String
        var granted: UInt64
        var revoked: UInt64?
    }

    private(set) var grants: [String: [Grant]] = [:]

    init(ledger: Ledger) throws {
        let entries = try ledger.entries(types: [
            LedgerEntryType.genesis, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked, EventType.actorDeactivated,
        ])
        for entry in entries {
            let json = JSONValue(parsing: entry.payload)
            switch entry.type {
            case LedgerEntryType.genesis:
                if let admin = json?["admin"]?.text, let key = try? VerifierKey(parsing: admin) {
                    grants[key.name, default: []].append(Grant(role: BuiltInRole.admin, granted: entry.sequence))
                }
            case EventType.actorAdded:
                guard let actor = json?["actor"]?.text else { continue }
                for role in json?["roles"]?.arrayValue?.compactMap(\.text) ?? [] {
                    grants[actor, default: []].append(Grant(role: role, granted: entry.sequence))
                }
            case EventType.roleGranted:
                guard let actor = json?["actor"]?.text, let role = json?["role"]?.text else { continue }
                grants[actor, default: []].append(Grant(role: role, granted: entry.sequence))
            case EventType.roleRevoked:
                guard let actor = json?["actor"]?.text, let role = json?["role"]?.text else { continue }
                for index in grants[actor, default: []].indices
                where grants[actor]![index].role == role && grants[actor]![index].revoked == nil {
                    grants[actor]![index].revoked = entry.sequence
                }
            case EventType.actorDeactivated:
                guard let actor = json?["actor"]?.text else { continue }
                for index in grants[actor, default: []].indices where grants[actor]![index].revoked == nil {
                    grants[actor]![index].revoked = entry.sequence
                }
            default: break
            }
        }
    }

    /// The roles `actor` held when entry `sequence` was written, sorted, without repeats.
    func roles(of actor: String, at sequence: UInt64) -> [String] {
        let held = (grants[actor] ?? []).filter { $0.granted < sequence && ($0.revoked.map { $0 >= sequence } ?? true) }.map(\.role)
        return Array(Set(held)).sorted()
    }
}
