import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// What a model's state at a past entry rests on, for `attest model show M --at ...`: for each
/// version past its first stage, the decision that put it in that stage, who approved it (the
/// approvals that decision counted), and the policy set in force; and the inclusion proof of each
/// of those entries and of the versions' registrations, against a checkpoint (docs/reports.md,
/// "State at any time").
///
/// Everything here is read from signed entries (the decision's own record names its counted
/// approvals and its policy set), not from projection tables, and every proof is checked before
/// it is returned.
public struct EstablishedState: Codable, Sendable, Equatable {
    /// One version's state and the entries behind it.
    public struct Version: Codable, Sendable, Equatable {
        /// The version number.
        public var version: Int
        /// Its stage at the chosen entry.
        public var stage: String
        /// Its registration entry.
        public var registration: UInt64
        /// The allowing decision that moved it into `stage`; `nil` for the first stage.
        public var decision: UInt64?
        /// That decision's result (`allow` or `allow_with_override`).
        public var result: String?
        /// Who asked for the promotion.
        public var requester: String?
        /// The approvals the decision counted, each with its entry.
        public var approvals: [Approval]
        /// The `policy.published` entry of the set that decided.
        public var policyEntry: UInt64?
        /// That set's hash.
        public var policySetHash: String?
    }

    /// An approval the decision counted.
    public struct Approval: Codable, Sendable, Equatable {
        /// The approver.
        public var actor: String
        /// The `approval.granted` entry.
        public var entry: UInt64
    }

    /// An entry's inclusion proof in C2SP tlog-proof form (`attest verify-proof` reads it).
    public struct Proof: Codable, Sendable, Equatable {
        /// The entry.
        public var entry: UInt64
        /// The proof text, with the entry's leaf bytes as extra data and the checkpoint.
        public var proof: String
    }

    /// The last entry of the state described.
    public var entry: UInt64
    /// The versions, in order.
    public var versions: [Version]
    /// The checkpoint the proofs lead to (its signed note); `nil` when no stored checkpoint
    /// covers the entries.
    public var checkpoint: String?
    /// One proof per establishing entry, in entry order.
    public var proofs: [Proof]

    /// Every entry the state rests on, in order.
    public var entries: [UInt64] {
        Set(
            versions.flatMap { version in
                [version.registration] + [version.decision, version.policyEntry].compactMap { $0 } + version.approvals.map(\.entry)
            }
        ).sorted()
    }

    /// Collects the state of `model` in `snapshot`, with proofs from `ledger` (the live ledger
    /// the snapshot was copied from) against `checkpoint`.
    /// - Parameters:
    ///   - model: the model.
    ///   - snapshot: the registry as it stood at the chosen entry.
    ///   - ledger: the ledger to build proofs from; its entries up to the snapshot's are the same.
    ///   - checkpoint: the checkpoint to prove against; `nil` for the latest stored one covering
    ///     every establishing entry.
    /// - Returns: the state.
    /// - Throws: `RegistryError`/`LedgerError` as the queries do; `ReportError` (`.verificationFailed`)
    ///   when a proof does not verify.
    public static func collect(
        model: String, snapshot: LedgerSnapshot, ledger: Ledger, checkpoint: SignedCheckpoint? = nil
    ) throws -> EstablishedState {
        let registry = snapshot.registry
        let info = try registry.model(model)
        let decisions = try registry.decisions(model)
        var versions: [Version] = []
        for version in info.versions {
            var state = Version(
                version: version.version, stage: version.stage, registration: version.registeredEntry, approvals: [])
            if let decided = decisions.last(where: { $0.version == version.version && $0.to == version.stage && $0.result != "deny" }) {
                let record = try JSONDecoder().decode(
                    PromotionDecided.self, from: Data(try registry.ledger.entry(at: decided.entry).payload))
                state.decision = decided.entry
                state.result = record.result
                state.requester = record.request.requester
                state.policyEntry = record.policySet.entry
                state.policySetHash = record.policySet.hash
                var seen = Set<UInt64>()
                for tally in record.decision.outcomes.compactMap(\.approvals) {
                    for counted in tally.counted where seen.insert(counted.seq).inserted {
                        state.approvals.append(Approval(actor: counted.actor, entry: counted.seq))
                    }
                }
                state.approvals.sort { $0.entry < $1.entry }
            }
            versions.append(state)
        }
        var established = EstablishedState(entry: snapshot.entry, versions: versions, checkpoint: nil, proofs: [])
        let needed = established.entries
        let chosen = try checkpoint ?? ledger.latestCheckpoint()
        guard let chosen, let last = needed.last, chosen.checkpoint.size > last else { return established }
        established.checkpoint = chosen.serialized
        for entry in needed {
            let proof = try ledger.inclusionProof(index: entry, checkpoint: chosen)
            guard proof.verifies(leafHash: try ledger.entry(at: entry).leafHash) else {
                throw ReportError(
                    .verificationFailed,
                    "the inclusion proof of entry \(entry) does not verify against the checkpoint at size \(chosen.checkpoint.size)")
            }
            established.proofs.append(Proof(entry: entry, proof: proof.serialized))
        }
        return established
    }
}
