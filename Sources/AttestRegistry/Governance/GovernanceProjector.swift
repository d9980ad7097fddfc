import AttestLedger
import Foundation
import GRDB

/// Projections of governance: published policy sets, reviews (approvals and rejections with
/// their withdrawal), the evidence inputs of each version, and decisions.
///
/// Every row keeps the entry it came from, so the facts of a decision can be rebuilt "as of"
/// any entry by filtering on `seq < N` (see ``FactsBuilder``).
public struct GovernanceProjector: LedgerProjector {
    /// Makes the projector.
    public init() {}

    static let tableList: [(name: String, orderBy: String)] = [
        ("gov_policy_sets", "seq"),
        ("gov_policy_files", "seq, path"),
        ("gov_reviews", "seq"),
        ("gov_inputs", "seq"),
        ("gov_decisions", "seq"),
    ]

    /// The projection's tables, each with an ORDER BY that sorts its rows completely.
    public var tables: [(name: String, orderBy: String)] { Self.tableList }

    /// Creates the projection's tables if they do not exist.
    public func install(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS gov_policy_sets (
                    seq INTEGER PRIMARY KEY NOT NULL, set_hash TEXT NOT NULL, file_count INTEGER NOT NULL,
                    publisher TEXT NOT NULL, time_us INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS gov_policy_files (
                    seq INTEGER NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL, size INTEGER NOT NULL,
                    PRIMARY KEY (seq, path));
                CREATE TABLE IF NOT EXISTS gov_reviews (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, stage TEXT NOT NULL,
                    verdict TEXT NOT NULL, actor TEXT NOT NULL, time_us INTEGER NOT NULL, comment TEXT,
                    withdrawn_seq INTEGER);
                CREATE INDEX IF NOT EXISTS gov_reviews_by_version ON gov_reviews(model, version, stage);
                CREATE TABLE IF NOT EXISTS gov_inputs (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
                    kind TEXT NOT NULL, digest TEXT NOT NULL, time_us INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS gov_inputs_by_version ON gov_inputs(model, version);
                CREATE TABLE IF NOT EXISTS gov_decisions (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL,
                    from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, requester TEXT NOT NULL, result TEXT NOT NULL,
                    set_hash TEXT NOT NULL, policy_seq INTEGER NOT NULL, time TEXT NOT NULL, overridden TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS gov_decisions_by_version ON gov_decisions(model, version);
                """)
    }

    /// Deletes the projection's rows before a replay.
    public func reset(_ db: Database) throws {
        for table in Self.tableList { try db.execute(sql: "DELETE FROM \(table.name)") }
    }

    /// Runs one statement through the connection's statement cache (a replay runs the same few
    /// statements a million times).
    static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Applies one entry to the projection.
    public func apply(_ entry: Entry, _ db: Database) throws { try apply(entry, prepared: nil, db) }

    /// Decodes the payload of a decision, review, evaluation or monitoring entry ahead, so that
    /// a replay can do it on another thread (the other types are rare, or not projected here).
    public func prepare(_ entry: Entry) -> (any Sendable)? {
        func decoded<T: Decodable & Sendable>(_ type: T.Type) -> (any Sendable)? {
            try? JSONDecoder().decode(type, from: Data(entry.payload))
        }
        switch entry.type {
        case EventType.promotionDecided: return try? PromotionDecided.decode(Data(entry.payload))
        case EventType.approvalGranted, EventType.approvalRejected: return decoded(ReviewRecorded.self)
        case EventType.evaluationRecorded, EventType.monitoringRecorded: return decoded(InputHeader.self)
        default: return nil
        }
    }

    /// Applies one entry, with its payload decoded ahead by ``prepare(_:)`` when it could be
    /// (a payload that did not decode there is decoded again here, and fails the same way).
    public func apply(_ entry: Entry, prepared: (any Sendable)?, _ db: Database) throws {
        let seq = Int64(entry.sequence)
        func payload<T: Decodable>(_ type: T.Type) throws -> T {
            if let value = prepared as? T { return value }
            do { return try JSONDecoder().decode(type, from: Data(entry.payload)) } catch {
                throw RegistryError(.badInput, "entry \(entry.sequence) (\(entry.type)): payload does not match its type")
            }
        }
        func signer() throws -> String { try RegistryProjector.actorName(signer: entry.signer, db: db) ?? "unknown" }
        switch entry.type {
        case EventType.policyPublished:
            let published = try payload(PolicyPublished.self)
            try Self.run(
                db, "INSERT INTO gov_policy_sets VALUES (?, ?, ?, ?, ?)",
                [seq, published.setHash, published.files.count, try signer(), entry.timeMicros])
            for file in published.files {
                try Self.run(db, "INSERT INTO gov_policy_files VALUES (?, ?, ?, ?)", [seq, file.path, file.digest, file.size])
            }
        case EventType.approvalGranted, EventType.approvalRejected:
            let review = try payload(ReviewRecorded.self)
            let verdict = entry.type == EventType.approvalGranted ? "approve" : "reject"
            try Self.run(
                db, "INSERT INTO gov_reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                [seq, review.model, review.version, review.stage, verdict, try signer(), entry.timeMicros, review.comment])
        case EventType.approvalWithdrawn:
            let withdrawal = try payload(ReviewWithdrawn.self)
            for review in withdrawal.withdraws {
                try Self.run(db, "UPDATE gov_reviews SET withdrawn_seq = ? WHERE seq = ? AND withdrawn_seq IS NULL", [seq, Int64(review)])
            }
        case EventType.evidenceAttached:
            let evidence = try payload(EvidenceAttached.self)
            try Self.run(
                db, "INSERT INTO gov_inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [seq, evidence.model, evidence.version, entry.type, evidence.kind, evidence.file.digest, entry.timeMicros])
        case EventType.evaluationRecorded:
            let evaluation = try payload(InputHeader.self)
            try Self.run(
                db, "INSERT INTO gov_inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    seq, evaluation.model, evaluation.version, entry.type, evaluation.datasetRole ?? "test", evaluation.data?.digest ?? "",
                    entry.timeMicros,
                ])
        case EventType.monitoringRecorded:
            let monitoring = try payload(InputHeader.self)
            try Self.run(
                db, "INSERT INTO gov_inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    seq, monitoring.model, monitoring.version, entry.type, "monitoring", monitoring.current?.digest ?? "", entry.timeMicros,
                ])
        case EventType.promotionDecided:
            let decided = try payload(PromotionDecided.self)
            try Self.run(
                db, "INSERT INTO gov_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    seq, decided.model, decided.version, decided.request.fromStage, decided.to, decided.request.requester,
                    decided.result, decided.policySet.hash, Int64(decided.policySet.entry), decided.time,
                    decided.overridden.joined(separator: ","),
                ])
        default:
            break
        }
    }

    /// The fields of `evaluation.recorded` and `monitoring.recorded` the index needs (the
    /// reports themselves are decoded only when facts are built).
    struct InputHeader: Decodable, Sendable {
        struct File: Decodable, Sendable { var digest: String }
        var model: String
        var version: Int
        var datasetRole: String?
        var data: File?
        var current: File?
    }
}
