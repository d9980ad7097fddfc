import AttestLedger
import Foundation
import GRDB

/// A recorded evaluation: its entry, when and by whom, and the full payload.
public struct EvaluationRecord: Codable, Sendable, Equatable {
    /// The `evaluation.recorded` entry.
    public var entry: UInt64
    /// When it was recorded.
    public var time: Date
    /// Who signed it.
    public var actor: String
    /// The payload.
    public var evaluation: EvaluationRecorded

    /// Makes a record.
    public init(entry: UInt64, time: Date, actor: String, evaluation: EvaluationRecorded) {
        self.entry = entry
        self.time = time
        self.actor = actor
        self.evaluation = evaluation
    }
}

/// A recorded drift comparison: its entry, when and by whom, and the full payload.
public struct MonitoringRecord: Codable, Sendable, Equatable {
    /// The `monitoring.recorded` entry.
    public var entry: UInt64
    /// When it was recorded.
    public var time: Date
    /// Who signed it.
    public var actor: String
    /// The payload.
    public var monitoring: MonitoringRecorded

    /// Makes a record.
    public init(entry: UInt64, time: Date, actor: String, monitoring: MonitoringRecorded) {
        self.entry = entry
        self.time = time
        self.actor = actor
        self.monitoring = monitoring
    }
}

extension Registry {
    /// Every evaluation of a version, oldest first.
    /// - Parameters:
    ///   - model: The model.
    ///   - version: The version.
    ///   - datasetRole: Only evaluations on this dataset role, when given.
    /// - Returns: The evaluations.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model or version).
    public func evaluations(_ model: String, _ version: Int, datasetRole: String? = nil) throws -> [EvaluationRecord] {
        try ledger.read { db in
            try Self.requireVersion(model, version, db)
            return try Self.evaluationRecords(model, version, datasetRole: datasetRole, latestOnly: false, db)
        }
    }

    /// The latest evaluation of a version for each dataset role, ordered by role.
    /// - Returns: One record per dataset role that has an evaluation.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model or version).
    public func latestEvaluations(_ model: String, _ version: Int) throws -> [EvaluationRecord] {
        try ledger.read { db in
            try Self.requireVersion(model, version, db)
            return try Self.evaluationRecords(model, version, datasetRole: nil, latestOnly: true, db)
        }
    }

    /// The latest evaluation of a version on one dataset role.
    /// - Returns: The record, or `nil` when there is none.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model or version).
    public func latestEvaluation(_ model: String, _ version: Int, datasetRole: String = "test") throws -> EvaluationRecord? {
        try ledger.read { db in
            try Self.requireVersion(model, version, db)
            return try Self.evaluationRecords(model, version, datasetRole: datasetRole, latestOnly: true, db).last
        }
    }

    /// Every monitoring result of a version, oldest first.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model or version).
    public func monitoringResults(_ model: String, _ version: Int) throws -> [MonitoringRecord] {
        try ledger.read { db in
            try Self.requireVersion(model, version, db)
            return try Self.monitoringRecords(model, version, latestOnly: false, db)
        }
    }

    /// The latest monitoring result of a version.
    /// - Returns: The record, or `nil` when there is none.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model or version).
    public func latestMonitoring(_ model: String, _ version: Int) throws -> MonitoringRecord? {
        try ledger.read { db in
            try Self.requireVersion(model, version, db)
            return try Self.monitoringRecords(model, version, latestOnly: true, db).last
        }
    }

    /// Evaluations of a version inside an open transaction (for commands that decide on them).
    /// - Parameters:
    ///   - datasetRole: Only this role, when given.
    ///   - latestOnly: Only the latest per dataset role.
    /// - Returns: The records, by dataset role then entry when `latestOnly`, otherwise by entry.
    static func evaluationRecords(
        _ model: String, _ version: Int, datasetRole: String?, latestOnly: Bool, _ db: Database
    ) throws -> [EvaluationRecord] {
        var sql = "SELECT seq, actor, time_us FROM reg_evaluations e WHERE model = ? AND version = ?"
        var arguments: StatementArguments = [model, version]
        if let datasetRole {
            sql += " AND dataset_role = ?"
            arguments += [datasetRole]
        }
        if latestOnly {
            sql += """
                 AND seq = (SELECT MAX(seq) FROM reg_evaluations l
                 WHERE l.model = e.model AND l.version = e.version AND l.dataset_role = e.dataset_role)
                """
            sql += " ORDER BY dataset_role, seq"
        } else {
            sql += " ORDER BY seq"
        }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let seq: Int64 = row["seq"]
            return EvaluationRecord(
                entry: UInt64(seq), time: Self.date(micros: row["time_us"]), actor: row["actor"],
                evaluation: try payload(EvaluationRecorded.self, at: seq, db))
        }
    }

    /// Monitoring results of a version inside an open transaction.
    static func monitoringRecords(_ model: String, _ version: Int, latestOnly: Bool, _ db: Database) throws -> [MonitoringRecord] {
        let sql =
            "SELECT seq, actor, time_us FROM reg_monitoring WHERE model = ? AND version = ? ORDER BY seq"
            + (latestOnly ? " DESC LIMIT 1" : "")
        return try Row.fetchAll(db, sql: sql, arguments: [model, version]).map { row in
            let seq: Int64 = row["seq"]
            return MonitoringRecord(
                entry: UInt64(seq), time: Self.date(micros: row["time_us"]), actor: row["actor"],
                monitoring: try payload(MonitoringRecorded.self, at: seq, db))
        }
    }

    private static func requireVersion(_ model: String, _ version: Int, _ db: Database) throws {
        try requireModel(model, db)
        guard try versionRow(model, version, db) != nil else {
            throw RegistryError(.notFound, "\(model) has no version \(version)")
        }
    }

    private static func payload<T: Decodable>(_ type: T.Type, at seq: Int64, _ db: Database) throws -> T {
        guard let data = try Data.fetchOne(db, sql: "SELECT payload FROM entries WHERE seq = ?", arguments: [seq]) else {
            throw RegistryError(.notFound, "entry \(seq) is missing; run 'attest verify'")
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw RegistryError(.badInput, "entry \(seq): payload does not decode as \(type); run 'attest verify'")
        }
    }

    private static func date(micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
