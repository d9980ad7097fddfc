import AttestLedger
import Foundation
import GRDB

/// The lineage of a version: itself and its ancestors back to the first, each with its files,
/// code, parameters and the evidence and decisions recorded about it.
public struct Lineage: Codable, Sendable, Equatable {
    /// One version in the chain.
    public struct Node: Codable, Sendable, Equatable {
        /// The version number.
        public var version: Int
        /// The stage now.
        public var stage: String
        /// The parent, if any.
        public var parent: Int?
        /// The registration entry.
        public var entry: UInt64
        /// Who registered it.
        public var registrant: String
        /// Artifacts by digest.
        public var artifacts: [FileRecord]
        /// Datasets by role and digest.
        public var datasets: [FileRecord]
        /// The code reference.
        public var code: CodeReference?
        /// Parameters.
        public var params: [String: TypedValue]
        /// Claimed metrics.
        public var metrics: [String: TypedValue]
        /// Other entries about this version (evaluations, approvals, decisions, stage changes).
        public var events: [HistoryItem]
    }

    /// The model.
    public var model: String
    /// The version asked about.
    public var version: Int
    /// The chain, the asked version first.
    public var nodes: [Node]
}

extension Registry {
    /// The lineage of `version`: the version and its parents back to the first.
    /// - Throws: `RegistryError` (`.notFound`).
    public func lineage(_ model: String, _ version: Int) throws -> Lineage {
        let history = try history(model)
        return try ledger.read { db in
            var nodes: [Lineage.Node] = []
            var next: Int? = version
            var seen = Set<Int>()
            while let current = next, !seen.contains(current) {
                seen.insert(current)
                let info = try versionInfo(model, current, db)
                let registration = info.registration
                let events = history.filter { item in
                    item.entry != info.registeredEntry && Self.payloadVersion(db, item.entry) == current
                }
                nodes.append(
                    Lineage.Node(
                        version: current, stage: info.stage, parent: registration.parent, entry: info.registeredEntry,
                        registrant: info.registrant, artifacts: registration.artifacts, datasets: registration.datasets,
                        code: registration.code, params: registration.params, metrics: registration.metrics, events: events))
                next = registration.parent
            }
            return Lineage(model: model, version: version, nodes: nodes)
        }
    }

    private static func payloadVersion(_ db: Database, _ seq: UInt64) -> Int? {
        struct HasVersion: Decodable { var version: Int? }
        guard let data = try? Data.fetchOne(db, sql: "SELECT payload FROM entries WHERE seq = ?", arguments: [Int64(seq)]) else {
            return nil
        }
        return (try? JSONDecoder().decode(HasVersion.self, from: data))?.version
    }

    /// Recomputes the digests of files on disk and compares them with a version's records.
    /// - Parameters:
    ///   - artifacts: artifact paths.
    ///   - datasets: dataset paths with their roles.
    /// - Returns: one result per file.
    public func verifyLineage(
        _ model: String, _ version: Int, artifacts: [URL], datasets: [(role: String, url: URL)]
    ) throws -> [LineageCheck] {
        let info = try self.version(model, version)
        let files = try FileDigester.records(for: artifacts.map { ($0, nil) } + datasets.map { ($0.url, $0.role) })
        return files.enumerated().map { index, file in
            let path = index < artifacts.count ? artifacts[index].path : datasets[index - artifacts.count].url.path
            if let role = file.role {
                let recorded = info.registration.datasets.first { $0.role == role }
                return LineageCheck(
                    path: path, kind: "dataset", role: role, digest: file.digest, recorded: recorded?.digest,
                    matches: recorded?.digest == file.digest)
            }
            let byDigest = info.registration.artifacts.first { $0.digest == file.digest }
            let byName = info.registration.artifacts.first { $0.name == file.name }
            return LineageCheck(
                path: path, kind: "artifact", role: nil, digest: file.digest, recorded: (byDigest ?? byName)?.digest,
                matches: byDigest != nil)
        }
    }
}

/// The result of checking one file against the lineage.
public struct LineageCheck: Codable, Sendable, Equatable {
    /// The file checked.
    public var path: String
    /// `artifact` or `dataset`.
    public var kind: String
    /// The dataset role.
    public var role: String?
    /// The digest computed now.
    public var digest: String
    /// The digest recorded, if a record of that name or role exists.
    public var recorded: String?
    /// Whether they match.
    public var matches: Bool
}
