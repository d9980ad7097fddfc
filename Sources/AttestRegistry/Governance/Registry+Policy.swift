import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// A published policy set as `policy show` and `policy history` print it.
public struct PolicySetInfo: Codable, Sendable, Equatable {
    /// One file of the set.
    public struct File: Codable, Sendable, Equatable {
        /// Relative path.
        public var path: String
        /// `sha256:<hex>`.
        public var digest: String
        /// Size in bytes.
        public var size: Int
    }

    /// The `policy.published` entry.
    public var entry: UInt64
    /// The set's hash (``PolicySetHash``).
    public var hash: String
    /// Its files.
    public var files: [File]
    /// Who published it.
    public var publisher: String
    /// When (ISO 8601).
    public var published: String
    /// The entry of the next publication, which replaced it; `nil` while it is the latest.
    public var replacedBy: UInt64?
    /// People who must stand behind it, the publisher included (`publication_quorum`).
    public var quorum: Int = PolicySettings.minimumProductionQuorum
    /// The publisher, then each approver, in log order.
    public var approvers: [String] = []
    /// The entry at which the quorum was met and the set began to govern; `nil` while pending
    /// (or if it was replaced before its quorum was met).
    public var effective: UInt64?
}

extension Registry {
    /// Roles that may publish policy sets.
    public static let policyPublishers = [BuiltInRole.policyAdmin]

    /// Publishes a policy set: records every file's bytes and digest and the set's hash in a
    /// `policy.published` entry. From the next entry on, this set governs every promotion.
    /// - Parameters:
    ///   - files: the set's files (relative path and exact bytes), e.g. `PolicySetLoader.sourceFiles(in:)`.
    ///   - signer: a `policy-admin`.
    /// - Returns: the publication.
    /// - Throws: `PolicyError` when the set does not load (nothing is recorded); `RegistryError`
    ///   (`.refused` without the role, `.alreadyExists` when this exact set is already in force,
    ///   `.badInput` for an empty set).
    @discardableResult
    public func publishPolicySet(_ files: [PolicySourceFile], by signer: Signer) throws -> PolicySetInfo {
        let set = try PolicySetLoader.load(files: files)
        guard !set.policies.isEmpty else {
            throw RegistryError(.badInput, "the policy set has no policy files; nothing to publish")
        }
        let hash = PolicySetHash.hash(set.files)
        let event = PolicyPublished(
            setHash: hash,
            files: set.files.map {
                PublishedPolicyFile(
                    path: $0.path, digest: PolicySetHash.fileDigest($0.bytes), size: $0.bytes.count, content: $0.bytes.base64EncodedString()
                )
            },
            policies: set.policies.map(\.name))
        let seq = try perform("policy.publish", target: Target("policy set \(hash)"), by: signer) { (writer, acting) -> Int64 in
            try acting.require(anyOf: Self.policyPublishers, to: "publish policy sets")
            let next = Int64(writer.size)
            let inForce = PolicyInForce(db: writer.db, cache: FactsBuilder.Cache())
            if let current = try inForce.publication(before: next, semantics: .current), current.hash == hash {
                throw RegistryError(
                    .alreadyExists, "policy set \(hash) is already in force (published in entry \(current.seq)); nothing to publish")
            }
            if let latest = try Self.policySetRow(before: next, writer.db), latest.hash == hash {
                throw RegistryError(
                    .alreadyExists,
                    "policy set \(hash) is already published in entry \(latest.seq) and awaits approval ('attest policy approve \(latest.seq)')"
                )
            }
            return Int64(try writer.append(try EntryDraft(type: EventType.policyPublished, encoding: event), signer: signer).sequence)
        }
        return try ledger.read { db in try Self.policySetInfo(seq: seq, db)! }
    }

    /// Approves a pending publication (by default the latest): a policy-admin or risk-officer
    /// other than its publisher stands behind it. When the publication's quorum is met, the set
    /// governs from the next entry on.
    /// - Parameters:
    ///   - publication: the `policy.published` entry; `nil` for the latest publication.
    ///   - comment: why, in the approver's words.
    ///   - signer: a `policy-admin` or `risk-officer` who did not publish the set.
    /// - Returns: the publication, with its approvers and whether it is in force now.
    /// - Throws: `RegistryError`: `.refused` (recorded) without the role, for the publisher, for
    ///   a publication that is not the latest, or one already approved by the signer;
    ///   `.alreadyExists` when it is in force already; `.notFound` when nothing was published.
    @discardableResult
    public func approvePolicySet(publication: UInt64? = nil, comment: String? = nil, by signer: Signer) throws -> PolicySetInfo {
        let seq = try perform(
            "policy.approve", target: Target("policy publication \(publication.map(String.init) ?? "latest")"), by: signer
        ) {
            (writer, acting) -> Int64 in
            let next = Int64(writer.size)
            guard let latest = try Self.policySetRow(before: next, writer.db) else {
                throw RegistryError(.notFound, "no policy set has been published; there is nothing to approve")
            }
            let target = publication ?? UInt64(latest.seq)
            let inForce = PolicyInForce(db: writer.db, cache: FactsBuilder.Cache())
            if UInt64(latest.seq) == target, let effective = try inForce.publication(at: latest.seq).effectiveSeq {
                throw RegistryError(
                    .alreadyExists, "the policy set published in entry \(target) is in force already (since entry \(effective))")
            }
            let hash = UInt64(latest.seq) == target ? latest.hash : (try Self.policySetInfo(seq: Int64(target), writer.db)?.hash ?? "")
            if let problem = try inForce.approvalProblem(
                actor: acting.name, roles: Array(acting.roles), target: target, hash: hash, before: next)
            {
                throw RegistryError(.refused, problem)
            }
            let event = PolicyApproved(publication: target, setHash: hash, comment: comment)
            try writer.append(try EntryDraft(type: EventType.policyApproved, encoding: event), signer: signer)
            return Int64(target)
        }
        return try ledger.read { db in try Self.policySetInfo(seq: seq, db)! }
    }

    /// The policy set in force now, or `nil` when none governs (nothing published, or the only
    /// publications still await their quorum).
    public func policySetInForce() throws -> PolicySetInfo? {
        try ledger.read { db in
            let inForce = PolicyInForce(db: db, cache: FactsBuilder.Cache())
            guard let row = try inForce.publication(before: Int64.max, semantics: .current) else { return nil }
            return try Self.policySetInfo(seq: row.seq, db)
        }
    }

    /// The latest publication when it still awaits its quorum, or `nil`.
    public func pendingPolicySet() throws -> PolicySetInfo? {
        try ledger.read { db in
            guard let latest = try Self.policySetRow(before: Int64.max, db), let info = try Self.policySetInfo(seq: latest.seq, db),
                info.effective == nil
            else { return nil }
            return info
        }
    }

    /// Every publication, oldest first, each with the entry that replaced it.
    public func policyHistory() throws -> [PolicySetInfo] {
        try ledger.read { db in
            try Int64.fetchAll(db, sql: "SELECT seq FROM gov_policy_sets ORDER BY seq").compactMap { try Self.policySetInfo(seq: $0, db) }
        }
    }

    /// The policy set published in entry `entry`, loaded from the bytes recorded there.
    /// - Throws: `RegistryError` (`.notFound`) when the entry is not a publication.
    public func publishedPolicySet(at entry: UInt64) throws -> PolicySet {
        try ledger.read { db in try Self.loadPublishedSet(seq: Int64(entry), db) }
    }

    // MARK: Internals shared with promotion and replay

    /// The latest publication strictly before `seq`.
    static func policySetRow(before seq: Int64, _ db: Database) throws -> (seq: Int64, hash: String)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT seq, set_hash FROM gov_policy_sets WHERE seq < ? ORDER BY seq DESC LIMIT 1", arguments: [seq])
        else { return nil }
        return (row["seq"], row["set_hash"])
    }

    static func policySetInfo(seq: Int64, _ db: Database) throws -> PolicySetInfo? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM gov_policy_sets WHERE seq = ?", arguments: [seq]) else { return nil }
        let files = try Row.fetchAll(
            db, sql: "SELECT path, digest, size FROM gov_policy_files WHERE seq = ? ORDER BY path", arguments: [seq]
        )
        .map { PolicySetInfo.File(path: $0["path"], digest: $0["digest"], size: $0["size"]) }
        let next = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM gov_policy_sets WHERE seq > ?", arguments: [seq])
        let state = try PolicyInForce(db: db, cache: FactsBuilder.Cache()).publication(at: seq)
        return PolicySetInfo(
            entry: UInt64(seq), hash: row["set_hash"], files: files, publisher: row["publisher"],
            published: ISOTime.string(micros: row["time_us"]), replacedBy: next.map(UInt64.init), quorum: state.quorum,
            approvers: state.approvers.map(\.actor), effective: state.effectiveSeq.map(UInt64.init))
    }

    /// Loads the set recorded in a `policy.published` entry, checking each file's digest and the set's hash.
    static func loadPublishedSet(seq: Int64, _ db: Database) throws -> PolicySet {
        guard let row = try Row.fetchOne(db, sql: "SELECT type, payload FROM entries WHERE seq = ?", arguments: [seq]),
            row["type"] as String == EventType.policyPublished
        else {
            throw RegistryError(.notFound, "entry \(seq) is not a policy publication; see 'attest policy history'")
        }
        let published: PolicyPublished
        do { published = try JSONDecoder().decode(PolicyPublished.self, from: row["payload"] as Data) } catch {
            throw RegistryError(.badInput, "entry \(seq): the policy publication does not decode; run 'attest verify'")
        }
        var files: [PolicySourceFile] = []
        for file in published.files {
            guard let bytes = Data(base64Encoded: file.content), PolicySetHash.fileDigest(bytes) == file.digest else {
                throw RegistryError(.badInput, "entry \(seq): the bytes of \(file.path) do not match their recorded digest \(file.digest)")
            }
            files.append(PolicySourceFile(path: file.path, bytes: bytes))
        }
        guard PolicySetHash.hash(files) == published.setHash else {
            throw RegistryError(.badInput, "entry \(seq): the files do not hash to the recorded set hash \(published.setHash)")
        }
        do {
            return try ParsedPolicySets.set(hash: published.setHash) { try PolicySetLoader.load(files: files) }
        } catch let error as PolicyError {
            throw RegistryError(.badInput, "entry \(seq): the published policy set no longer loads: \(error)")
        }
    }
}
