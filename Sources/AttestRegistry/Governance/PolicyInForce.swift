import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// Which published policy set governs at a point of the log.
///
/// Engine 1 took the latest publication. From engine 2 on, a publication governs only once its
/// quorum stands behind it: the publisher and enough other policy-admins or risk-officers, each
/// approving with a `policy.approved` entry before the next publication (docs/governance.md,
/// "Publication quorum"). Until then the set that governed before keeps governing. Everything
/// here is read from the signed entries themselves (types, signers, payloads), not from the
/// governance projection.
struct PolicyInForce {
    /// A publication and who stands behind it.
    struct Publication: Sendable {
        /// The `policy.published` entry.
        var seq: Int64
        /// The set hash.
        var hash: String
        /// The signer of the publication.
        var publisher: String
        /// People needed, the publisher included (the set's `publication_quorum`).
        var quorum: Int
        /// The publisher, then each approver in log order, with their approval entries.
        var approvers: [(actor: String, seq: Int64)]
        /// The entry at which the quorum was met (the publication itself for a quorum of 1).
        var effectiveSeq: Int64?
        /// The next publication, which ends the time approvals of this one count.
        var supersededBy: Int64?
    }

    /// Roles whose holders may approve a publication (besides its publisher).
    static let approverRoles = [BuiltInRole.policyAdmin, BuiltInRole.riskOfficer]

    let db: Database
    let cache: FactsBuilder.Cache

    /// The publication in force before entry `seq` under `semantics`, or `nil` when none governs.
    func publication(before seq: Int64, semantics: EngineSemantics) throws -> (seq: Int64, hash: String)? {
        guard semantics.requiresPublicationQuorum else { return try Registry.policySetRow(before: seq, db) }
        for row in try Row.fetchAll(
            db, sql: "SELECT seq FROM entries WHERE type = ? AND seq < ? ORDER BY seq DESC", arguments: [EventType.policyPublished, seq])
        {
            let state = try publication(at: row["seq"])
            if let effective = state.effectiveSeq, effective < seq { return (state.seq, state.hash) }
        }
        return nil
    }

    /// The state of the publication in entry `seq`: its quorum, approvers and when it took effect.
    /// - Throws: `RegistryError` when the entry is not a publication or does not load.
    func publication(at seq: Int64) throws -> Publication {
        if let known = cache.publications[seq] { return known }
        guard let row = try Row.fetchOne(db, sql: "SELECT type, signer, payload FROM entries WHERE seq = ?", arguments: [seq]),
            row["type"] as String == EventType.policyPublished
        else { throw RegistryError(.notFound, "entry \(seq) is not a policy publication; see 'attest policy history'") }
        let published: PolicyPublished
        do { published = try JSONDecoder().decode(PolicyPublished.self, from: row["payload"] as Data) } catch {
            throw RegistryError(.badInput, "entry \(seq): the policy publication does not decode; run 'attest verify'")
        }
        let publisher = try Self.actor(signer: row["signer"], db) ?? "(unknown key)"
        let set = try cache.policySet(seq: seq, db)
        let next = try Int64.fetchOne(
            db, sql: "SELECT MIN(seq) FROM entries WHERE type = ? AND seq > ?", arguments: [EventType.policyPublished, seq])
        var state = Publication(
            seq: seq, hash: published.setHash, publisher: publisher, quorum: set.settings.publicationQuorum,
            approvers: [(publisher, seq)], effectiveSeq: nil, supersededBy: next)
        if state.quorum <= 1 { state.effectiveSeq = seq }
        for approval in try Row.fetchAll(
            db, sql: "SELECT seq, signer, payload FROM entries WHERE type = ? AND seq > ? AND seq < ? ORDER BY seq",
            arguments: [EventType.policyApproved, seq, next ?? Int64.max])
        {
            let approvalSeq: Int64 = approval["seq"]
            guard let event = try? JSONDecoder().decode(PolicyApproved.self, from: approval["payload"] as Data),
                event.publication == UInt64(seq), event.setHash == published.setHash,
                let actor = try Self.actor(signer: approval["signer"], db),
                !state.approvers.contains(where: { $0.actor == actor }),
                !Set(try FactsBuilder.roles(of: actor, at: approvalSeq, db)).isDisjoint(with: Self.approverRoles)
            else { continue }
            state.approvers.append((actor, approvalSeq))
            if state.effectiveSeq == nil, state.approvers.count >= state.quorum { state.effectiveSeq = approvalSeq }
        }
        cache.publications[seq] = state
        return state
    }

    /// Why `actor` may not approve publication `target` before entry `seq`; `nil` when they may.
    /// Shared by `policy approve` and the authority check of `verify`.
    func approvalProblem(actor: String, roles: [String], target: UInt64, hash: String, before seq: Int64) throws -> String? {
        guard !Set(roles).isDisjoint(with: Self.approverRoles) else {
            return "\(actor) may not approve policy sets: that needs \(Self.approverRoles.joined(separator: " or "))"
        }
        guard
            let latest = try Int64.fetchOne(
                db, sql: "SELECT MAX(seq) FROM entries WHERE type = ? AND seq < ?", arguments: [EventType.policyPublished, seq])
        else { return "no policy set has been published" }
        guard UInt64(latest) == target else {
            return "entry \(target) is not the latest publication (entry \(latest) is); only the latest can be approved"
        }
        let state = try publication(at: latest)
        guard state.hash == hash else { return "publication \(target) is of set \(state.hash), not \(hash)" }
        guard state.publisher != actor else { return "\(actor) published this set and cannot also approve it (a second person must)" }
        if state.approvers.contains(where: { $0.actor == actor && $0.seq < seq }) { return "\(actor) has already approved entry \(target)" }
        return nil
    }

    private static func actor(signer: Data, _ db: Database) throws -> String? {
        guard let digest = Digest([UInt8](signer)) else { return nil }
        return try RegistryProjector.actorName(signer: digest, db: db)
    }
}
