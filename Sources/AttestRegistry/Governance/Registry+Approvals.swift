import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// A review (approval or rejection) as `approval list` prints it.
public struct ReviewInfo: Codable, Sendable, Equatable {
    /// The review's entry.
    public var entry: UInt64
    /// The reviewer.
    public var actor: String
    /// `approve` or `reject`.
    public var verdict: String
    /// The target stage.
    public var stage: String
    /// When (ISO 8601).
    public var time: String
    /// The reviewer's comment.
    public var comment: String?
    /// The roles the reviewer held when signing.
    public var roles: [String]
    /// The withdrawal entry, if withdrawn.
    public var withdrawnBy: UInt64?
    /// Evaluations and evidence documents recorded after the review, ascending: they make an
    /// approval stale (docs/governance.md, "One staleness rule").
    public var newerEvidence: [UInt64]
    /// Monitoring results recorded after the review, ascending: they make an approval stale only
    /// under a `required_approvals` rule with `stale_on_monitoring: true`.
    public var newerMonitoring: [UInt64] = []

    /// Whether an approval is stale under the default rule: newer evaluations or documents.
    public var isStale: Bool { verdict == "approve" && !newerEvidence.isEmpty }
}

extension Registry {
    /// Roles that may approve or reject. Whether an approval counts for a promotion is the
    /// policy's business (`required_approvals.roles`, `exclude`); this only keeps people with no
    /// reviewing duty (auditors, data scientists) from recording reviews at all.
    public static let reviewers = [BuiltInRole.validator, BuiltInRole.riskOfficer, BuiltInRole.admin]

    /// Approves a version for a target stage. The entry is signed by the approver and binds the
    /// version's artifact digests and the evidence present now; an approval by the registrant,
    /// requester or owner is recorded, and the policy's `exclude` sets it aside at decision time.
    /// - Returns: the approval's entry.
    /// - Throws: `RegistryError` (`.refused` without a reviewer role, for a retired version or one
    ///   already in the stage; `.notFound`).
    @discardableResult
    public func approve(_ model: String, version: Int, for stage: Stage, comment: String? = nil, by signer: Signer) throws -> UInt64 {
        try review(EventType.approvalGranted, model, version, stage, comment, signer)
    }

    /// Rejects a version for a target stage: a rejection by a holder of a role the policy's
    /// approval rule names blocks the promotion until its signer withdraws it.
    /// - Returns: the rejection's entry.
    /// - Throws: `RegistryError` as ``approve(_:version:for:comment:by:)``.
    @discardableResult
    public func reject(_ model: String, version: Int, for stage: Stage, comment: String? = nil, by signer: Signer) throws -> UInt64 {
        try review(EventType.approvalRejected, model, version, stage, comment, signer)
    }

    /// Withdraws every approval and rejection the signer has in force for the version and stage.
    /// - Returns: the withdrawal's entry.
    /// - Throws: `RegistryError` (`.notFound` when the signer has nothing to withdraw).
    @discardableResult
    public func withdrawReview(_ model: String, version: Int, for stage: Stage, by signer: Signer) throws -> UInt64 {
        try perform(
            "approval.withdraw", target: Target("\(model) v\(version) for \(stage.rawValue)", model: model, version: version), by: signer
        ) {
            writer, acting in
            try Self.requireModel(model, writer.db)
            let seqs = try Int64.fetchAll(
                writer.db,
                sql:
                    "SELECT seq FROM gov_reviews WHERE model = ? AND version = ? AND stage = ? AND actor = ? AND withdrawn_seq IS NULL ORDER BY seq",
                arguments: [model, version, stage.rawValue, acting.name])
            guard !seqs.isEmpty else {
                throw RegistryError(
                    .notFound, "\(acting.name) has no approval or rejection of \(model) v\(version) for \(stage.rawValue) to withdraw")
            }
            let event = ReviewWithdrawn(model: model, version: version, stage: stage.rawValue, withdraws: seqs.map(UInt64.init))
            return try writer.append(try EntryDraft(type: EventType.approvalWithdrawn, encoding: event), signer: signer).sequence
        }
    }

    /// Every review of a version, oldest first.
    /// - Throws: `RegistryError` (`.notFound`).
    public func reviews(_ model: String, version: Int) throws -> [ReviewInfo] {
        try ledger.read { db in
            try Self.requireModel(model, db)
            guard try Self.versionRow(model, version, db) != nil else {
                throw RegistryError(.notFound, "\(model) has no version \(version)")
            }
            let inputs = try Row.fetchAll(
                db, sql: "SELECT seq, type FROM gov_inputs WHERE model = ? AND version = ? ORDER BY seq", arguments: [model, version]
            ).map { (seq: UInt64($0["seq"] as Int64), monitoring: ($0["type"] as String) == EventType.monitoringRecorded) }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM gov_reviews WHERE model = ? AND version = ? ORDER BY seq", arguments: [model, version]
            ).map { row in
                let seq: Int64 = row["seq"]
                let actor: String = row["actor"]
                return ReviewInfo(
                    entry: UInt64(seq), actor: actor, verdict: row["verdict"], stage: row["stage"],
                    time: ISOTime.string(micros: row["time_us"]),
                    comment: row["comment"], roles: try FactsBuilder.roles(of: actor, at: seq, db),
                    withdrawnBy: (row["withdrawn_seq"] as Int64?).map(UInt64.init),
                    newerEvidence: inputs.filter { $0.seq > UInt64(seq) && !$0.monitoring }.map(\.seq),
                    newerMonitoring: inputs.filter { $0.seq > UInt64(seq) && $0.monitoring }.map(\.seq))
            }
        }
    }

    private func review(
        _ type: String, _ model: String, _ version: Int, _ stage: Stage, _ comment: String?, _ signer: Signer
    ) throws -> UInt64 {
        let verb = type == EventType.approvalGranted ? "approve" : "reject"
        return try perform(
            "approval.\(verb)", target: Target("\(model) v\(version) for \(stage.rawValue)", model: model, version: version), by: signer
        ) {
            writer, acting in
            try acting.require(anyOf: Self.reviewers, to: "\(verb) versions")
            let current = try Self.requireLiveVersion(model, version, writer.db)
            guard current != stage else {
                throw RegistryError(.refused, "\(model) v\(version) is in \(stage.rawValue) already; there is nothing to \(verb)")
            }
            let binding = try Self.evidenceBinding(model, version, writer.db)
            let event = ReviewRecorded(
                model: model, version: version, stage: stage.rawValue, comment: comment, artifacts: binding.artifacts,
                evidence: binding.evidence, latestEvidenceEntry: binding.evidence.map(\.entry).max(), roles: acting.roles.sorted())
            return try writer.append(try EntryDraft(type: type, encoding: event), signer: signer).sequence
        }
    }

    /// The version's artifact digests and its evidence so far (documents, evaluations, monitoring).
    static func evidenceBinding(
        _ model: String, _ version: Int, _ db: Database
    ) throws -> (artifacts: [String], evidence: [EvidenceBinding]) {
        let artifacts = try String.fetchAll(
            db, sql: "SELECT digest FROM reg_files WHERE model = ? AND version = ? AND kind = 'artifact' ORDER BY digest",
            arguments: [model, version])
        let evidence = try Row.fetchAll(
            db, sql: "SELECT seq, type, kind, digest FROM gov_inputs WHERE model = ? AND version = ? ORDER BY seq",
            arguments: [model, version]
        ).map { row -> EvidenceBinding in
            let kind: String = row["kind"]
            let label: String
            switch row["type"] as String {
            case EventType.evidenceAttached: label = "document:\(kind)"
            case EventType.evaluationRecorded: label = "evaluation:\(kind)"
            default: label = "monitoring"
            }
            return EvidenceBinding(kind: label, digest: row["digest"], entry: UInt64(row["seq"] as Int64))
        }
        return (artifacts, evidence)
    }
}
