import AttestLedger
import AttestMetrics
import Foundation
import GRDB

/// Projections of `evaluation.recorded` and `monitoring.recorded` entries: one row per
/// evaluation, one per monitoring result and one per monitored column. The full numbers stay in
/// the entries' payloads; the tables index them by model, version and dataset role.
///
/// Linking the entries to the model's history (`reg_model_entries`) is the
/// ``RegistryProjector``'s job: both payloads carry a top-level `model` field.
public struct EvaluationProjector: LedgerProjector {
    /// Whether `evaluation.recorded` payloads are decoded whole (rebuild, `attest verify`,
    /// appends: a payload that is not an evaluation is an error), or only the fields its row
    /// holds (``ProjectionGuard``, which compares rows with the signed entries before a command
    /// uses them, and must not spend a decision's time decoding every curve point).
    let decodesWhole: Bool

    /// Makes the projector.
    /// - Parameter decodesWhole: `false` reads only the row's fields of an evaluation.
    public init(decodesWhole: Bool = true) { self.decodesWhole = decodesWhole }

    /// The projection's tables, each with an ORDER BY that sorts its rows completely.
    public var tables: [(name: String, orderBy: String)] {
        [("reg_evaluations", "seq"), ("reg_monitoring", "seq"), ("reg_monitoring_columns", "seq, position")]
    }

    /// Creates the projection's tables if they do not exist.
    public func install(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS reg_evaluations (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL,
                    dataset_role TEXT NOT NULL, data_name TEXT NOT NULL, data_digest TEXT NOT NULL, data_size INTEGER NOT NULL,
                    task TEXT NOT NULL, rows INTEGER NOT NULL, evaluated_rows INTEGER NOT NULL, dropped_rows INTEGER NOT NULL,
                    lineage_role TEXT, bootstrap_replicates INTEGER, bootstrap_seed TEXT,
                    actor TEXT NOT NULL, time_us INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS reg_evaluations_by_version ON reg_evaluations(model, version, dataset_role, seq);
                CREATE TABLE IF NOT EXISTS reg_monitoring (
                    seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL,
                    reference_name TEXT NOT NULL, reference_digest TEXT NOT NULL, current_name TEXT NOT NULL,
                    current_digest TEXT NOT NULL, reference_rows INTEGER NOT NULL, current_rows INTEGER NOT NULL,
                    max_psi REAL, worst_band TEXT, actor TEXT NOT NULL, time_us INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS reg_monitoring_by_version ON reg_monitoring(model, version, seq);
                CREATE TABLE IF NOT EXISTS reg_monitoring_columns (
                    seq INTEGER NOT NULL, position INTEGER NOT NULL, column_name TEXT NOT NULL, kind TEXT NOT NULL,
                    psi REAL, band TEXT, PRIMARY KEY (seq, position));
                """)
    }

    /// Deletes the projection's rows before a replay.
    public func reset(_ db: Database) throws {
        for table in tables { try db.execute(sql: "DELETE FROM \(table.name)") }
    }

    /// Runs one statement through the connection's statement cache (a replay runs the same few
    /// statements a million times).
    static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Applies one entry to the projection.
    public func apply(_ entry: Entry, _ db: Database) throws {
        switch entry.type {
        case EventType.evaluationRecorded:
            let event =
                decodesWhole ? EvaluationRow(try Self.decode(EvaluationRecorded.self, entry)) : try Self.decode(EvaluationRow.self, entry)
            let report = event.report
            try Self.run(
                db, "INSERT INTO reg_evaluations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    Int64(entry.sequence), event.model, event.version, event.datasetRole, event.data.name, event.data.digest,
                    event.data.size, report.task.rawValue, report.rowCount, report.evaluatedRows, report.droppedRows,
                    event.lineageRole, report.bootstrap?.replicates, report.bootstrap.map { String($0.seed) },
                    try Self.actor(entry, db), entry.timeMicros,
                ])
        case EventType.monitoringRecorded:
            let event = try Self.decode(MonitoringRecorded.self, entry)
            let psis = event.report.columns.compactMap { $0.statistics["psi"]?.value }
            let worst = event.report.columns.compactMap(\.band).max { Self.rank($0) < Self.rank($1) }
            try Self.run(
                db, "INSERT INTO reg_monitoring VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    Int64(entry.sequence), event.model, event.version, event.reference.name, event.reference.digest,
                    event.current.name, event.current.digest, event.report.referenceRows, event.report.currentRows,
                    psis.max(), worst?.rawValue, try Self.actor(entry, db), entry.timeMicros,
                ])
            for (position, column) in event.report.columns.enumerated() {
                try Self.run(
                    db, "INSERT INTO reg_monitoring_columns VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        Int64(entry.sequence), position, column.name, column.kind.rawValue, column.statistics["psi"]?.value,
                        column.band?.rawValue,
                    ])
            }
        default:
            return
        }
    }

    static func rank(_ band: DriftBand) -> Int {
        switch band {
        case .stable: return 0
        case .moderate: return 1
        case .significant: return 2
        }
    }

    private static func actor(_ entry: Entry, _ db: Database) throws -> String {
        try RegistryProjector.actorName(signer: entry.signer, db: db) ?? "unknown"
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ entry: Entry) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(entry.payload)) } catch {
            throw RegistryError(.badInput, "entry \(entry.sequence) (\(entry.type)): payload does not match its type")
        }
    }
}

/// The fields of an `evaluation.recorded` payload that its `reg_evaluations` row holds.
struct EvaluationRow: Decodable {
    struct Report: Decodable {
        var task: EvaluationSpec.Task
        var rowCount: Int
        var evaluatedRows: Int
        var droppedRows: Int
        var bootstrap: BootstrapSummary?
    }

    var model: String
    var version: Int
    var datasetRole: String
    var data: EvidenceFile
    var lineageRole: String?
    var report: Report

    /// The row's fields of a whole evaluation.
    init(_ event: EvaluationRecorded) {
        let report = event.report
        self.model = event.model
        self.version = event.version
        self.datasetRole = event.datasetRole
        self.data = event.data
        self.lineageRole = event.lineageRole
        self.report = Report(
            task: report.task, rowCount: report.rowCount, evaluatedRows: report.evaluatedRows, droppedRows: report.droppedRows,
            bootstrap: report.bootstrap)
    }
}
