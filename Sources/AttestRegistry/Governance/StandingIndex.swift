import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Every event that ends a reviewer's standing, read from the signed entries: deactivations,
/// key revocations and role revocations. Built once per replay or command and queried for each
/// review (engine 2 and later: a review stops counting from the entry that ended its standing).
struct StandingIndex {
    private var deactivations: [String: [Int64]] = [:]
    private var keyRevocations: [Digest: [Int64]] = [:]
    private var roleRevocations: [String: [(role: String, seq: Int64)]] = [:]

    /// Reads the three event types from the log.
    static func load(_ db: Database) throws -> StandingIndex {
        var index = StandingIndex()
        let types = [EventType.actorDeactivated, LedgerEntryType.keyRevoked, EventType.roleRevoked]
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(
            db, sql: "SELECT seq, type, payload FROM entries WHERE type IN (?, ?, ?) ORDER BY seq", arguments: StatementArguments(types))
        {
            let seq: Int64 = row["seq"]
            let payload: Data = row["payload"]
            switch row["type"] as String {
            case EventType.actorDeactivated:
                guard let event = try? decoder.decode(ActorDeactivated.self, from: payload) else { throw undecodable(seq) }
                index.deactivations[event.actor, default: []].append(seq)
            case LedgerEntryType.keyRevoked:
                guard let event = try? decoder.decode(KeyRevokedPayload.self, from: payload),
                    let key = try? VerifierKey(parsing: event.key)
                else { throw undecodable(seq) }
                index.keyRevocations[key.fingerprint, default: []].append(seq)
            default:
                guard let event = try? decoder.decode(RoleChange.self, from: payload) else { throw undecodable(seq) }
                index.roleRevocations[event.actor, default: []].append((event.role, seq))
            }
        }
        return index
    }

    /// What `actor` lost after signing entry `signed` with key `signer` and before entry `before`:
    /// deactivation, the key's revocation, and each role of `roles` (held when signing) revoked.
    func losses(actor: String, signer: Digest, roles: [String], signed: Int64, before: Int64) -> [StandingLoss] {
        let within = { (seq: Int64) in seq > signed && seq < before }
        var losses: [StandingLoss] = []
        if let seq = deactivations[actor, default: []].first(where: within) {
            losses.append(StandingLoss(reason: .authorDeactivated, seq: UInt64(seq)))
        }
        if let seq = keyRevocations[signer, default: []].first(where: within) {
            losses.append(StandingLoss(reason: .keyRevoked, seq: UInt64(seq)))
        }
        for role in roles.sorted() {
            if let revocation = roleRevocations[actor, default: []].first(where: { $0.role == role && within($0.seq) }) {
                losses.append(StandingLoss(reason: .roleRemoved, seq: UInt64(revocation.seq), role: role))
            }
        }
        return losses.sorted { ($0.seq, $0.reason.rawValue) < ($1.seq, $1.reason.rawValue) }
    }

    private static func undecodable(_ seq: Int64) -> RegistryError {
        RegistryError(.badInput, "entry \(seq): the payload does not decode; run 'attest verify'")
    }
}
