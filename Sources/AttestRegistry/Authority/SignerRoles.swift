import AttestLedger
import GRDB

/// The actor behind each signing key and the roles that actor holds, remembered between the
/// entries of the authority check's replay until an entry that can change them is applied.
///
/// `reg_actor_keys` (key to actor) and `reg_role_grants` (roles) are written only by the key
/// entries, the genesis, the role catalogue and the actor and role entries
/// (``RegistryProjector``'s `applyKey` and `applyActor`); every other entry leaves both
/// lookups' answers as they were, so a million registrations by a handful of people need a
/// handful of lookups instead of two queries each. Not shared across threads.
final class SignerRoles {
    /// The entry types whose projection changes `reg_actor_keys` or `reg_role_grants`.
    static let changingTypes: Set<String> = [
        LedgerEntryType.genesis, LedgerEntryType.keyAdded, LedgerEntryType.keyRotated, LedgerEntryType.keyRevoked,
        EventType.registryInitialized, EventType.roleDefined, EventType.actorAdded, EventType.roleGranted, EventType.roleRevoked,
        EventType.actorDeactivated,
    ]

    private var known: [Digest: (actor: String, roles: Set<String>)?] = [:]

    /// The actor whose key is `signer` and the roles they hold now; `nil` for a key of no actor.
    func actorAndRoles(_ signer: Digest, _ db: Database) throws -> (actor: String, roles: Set<String>)? {
        if let remembered = known[signer] { return remembered }
        var found: (actor: String, roles: Set<String>)?
        if let actor = try RegistryProjector.actorName(signer: signer, db: db) {
            found = (actor, Set(try Registry.currentRoles(of: actor, db: db)))
        }
        known[signer] = found
        return found
    }

    /// Called after each entry is applied: forgets everything when the entry can change keys or roles.
    func entryApplied(_ type: String) {
        if Self.changingTypes.contains(type) { known.removeAll() }
    }
}
