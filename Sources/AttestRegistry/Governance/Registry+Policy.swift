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
    /// The entry of the next publication, which replaced it; `nil` while in force.
    public var replacedBy: UInt64?
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
            if let current = try Self.policySetRow(before: Int64(writer.size), writer.db), current.hash == hash {
                throw RegistryError(
                    .alreadyExists, "policy set \(hash) is already in force (published in entry \(current.seq)); nothing to publish")
            }
            return Int64(try writer.append(try EntryDraft(type: EventType.policyPublished, encoding: event), signer: signer).sequence)
        }
        return try ledger.read { db in try Self.policySetInfo(seq: seq, db)! }
    }

    /// The policy set in force now (the latest published), or `nil` when none was published.
    public func policySetInForce() throws -> PolicySetInfo? {
        try ledger.read { db in
            guard let row = try Self.policySetRow(before: Int64.max, db) else { return nil }
            return try Self.policySetInfo(seq: row.seq, db)
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
        return PolicySetInfo(
            entry: UInt64(seq), hash: row["set_hash"], files: files, publisher: row["publisher"],
            published: ISOTime.string(micros: row["time_us"]), replacedBy: next.map(UInt64.init))
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
            return try PolicySetLoader.load(files: files)
        } catch let error as PolicyError {
            throw RegistryError(.badInput, "entry \(seq): the published policy set no longer loads: \(error)")
        }
    }
}
