import AttestLedger
import AttestMetrics
import Foundation
import GRDB

/// What an evaluation produced: the payload, and the entry that records it.
public struct EvaluationOutcome: Sendable, Equatable {
    /// The `evaluation.recorded` payload (on a dry run, the payload that would have been recorded).
    public var event: EvaluationRecorded
    /// The entry, or `nil` for a dry run.
    public var entry: UInt64?

    /// Makes an outcome.
    public init(event: EvaluationRecorded, entry: UInt64?) {
        self.event = event
        self.entry = entry
    }
}

extension Registry {
    /// Roles that may record evaluations and monitoring results.
    public static let evaluators = [BuiltInRole.dataScientist, BuiltInRole.validator, BuiltInRole.admin]

    /// The software version recorded in evaluation and monitoring entries unless the caller
    /// names another (the CLI passes its own version).
    public static let softwareVersion = "0.1.0"

    /// Evaluates a version on a data file and records the result as an `evaluation.recorded`
    /// entry signed by `signer`.
    ///
    /// The file is read once; its bytes are hashed (SHA-256) and parsed from the same mapping,
    /// and the metrics are computed, all before the write transaction, which only checks the
    /// actor and the version again and appends. The digest is looked up among the datasets of
    /// the version and its ancestors: ``EvaluationRecorded/lineageRole`` is the role found, or
    /// `nil` when the file is not part of the lineage.
    /// - Parameters:
    ///   - model: The model.
    ///   - version: The version; a retired version is refused.
    ///   - file: A CSV (RFC 4180) or JSON Lines file.
    ///   - format: The format; inferred from the extension (`.jsonl`, `.ndjson`) when `nil`.
    ///   - spec: What to evaluate (columns, task, groups, bootstrap).
    ///   - datasetRole: The role the file plays (default `test`).
    ///   - attestVersion: The software version to record.
    ///   - dryRun: Compute and return the payload without signing or writing anything.
    ///   - signer: The acting key (data-scientist, validator or admin).
    /// - Returns: The payload and, unless a dry run, its entry.
    /// - Throws: `MetricsError` for a malformed file or an impossible specification (nothing is
    ///   written); `RegistryError` (`.notFound` for an unknown model, version or file, `.badInput`,
    ///   `.refused` for a missing role or a retired version, recorded as `action.refused`).
    @discardableResult
    public func evaluate(
        model: String, version: Int, file: URL, format: TableFormat? = nil, spec: EvaluationSpec, datasetRole: String = "test",
        attestVersion: String = Registry.softwareVersion, dryRun: Bool = false, by signer: Signer
    ) throws -> EvaluationOutcome {
        let target = Target("\(model) v\(version)", model: model, version: version)
        if !dryRun { try preflight("evaluation.record", target: target, model: model, version: version, by: signer) }
        let event = try computeEvaluation(
            model: model, version: version, file: file, format: format, spec: spec, datasetRole: datasetRole, attestVersion: attestVersion)
        if dryRun { return EvaluationOutcome(event: event, entry: nil) }
        let entry = try perform("evaluation.record", target: target, by: signer) { writer, acting in
            try Self.authorizeEvidence(acting, model: model, version: version, writer.db)
            return try writer.append(try EntryDraft(type: EventType.evaluationRecorded, encoding: event), signer: signer)
        }
        return EvaluationOutcome(event: event, entry: entry.sequence)
    }

    /// Computes the payload an evaluation would record, without a key and without writing:
    /// reads and hashes the file, evaluates it and checks the lineage.
    /// - Parameters: as ``evaluate(model:version:file:format:spec:datasetRole:attestVersion:dryRun:by:)``.
    /// - Returns: The payload.
    /// - Throws: `MetricsError` for a malformed file; `RegistryError` for an unknown or retired version or a missing file.
    public func computeEvaluation(
        model: String, version: Int, file: URL, format: TableFormat? = nil, spec: EvaluationSpec, datasetRole: String = "test",
        attestVersion: String = Registry.softwareVersion
    ) throws -> EvaluationRecorded {
        try Self.validateName(datasetRole, what: "dataset role")
        _ = try ledger.read { db in try Self.requireLiveVersion(model, version, db) }
        let format = format ?? .inferred(fromPath: file.path)
        let requests = spec.columnRequests
        let (data, table) = try EvidenceData.read(file) { bytes in
            try DataTable.read(bytes: &bytes, source: file.path, format: format, columns: requests)
        }
        var report = try Evaluator.evaluate(table, spec: spec)
        report.source = data.record.name
        let lineageRole = try ledger.read { db in
            try EvidenceData.lineageRole(digest: data.record.digest, model: model, version: version, db: db)
        }
        return EvaluationRecorded(
            model: model, version: version, datasetRole: datasetRole, data: data.record, lineageRole: lineageRole,
            attestVersion: attestVersion, report: report)
    }

    /// Checks the actor and the version before the heavy work, so that a refused actor waits
    /// for nothing. A refusal goes through ``perform(_:target:by:_:)``, which records it.
    func preflight(
        _ action: String, target: Target, model: String, version: Int, what: String = "record evaluations", by signer: Signer
    ) throws {
        let refused = try ledger.read { db -> Bool in
            let acting = try Self.acting(signer: signer, db: db)
            do {
                try Self.authorizeEvidence(acting, model: model, version: version, db, what: what)
                return false
            } catch let error as RegistryError where error.code == .refused {
                return true
            }
        }
        guard refused else { return }
        try perform(action, target: target, by: signer) { writer, acting in
            try Self.authorizeEvidence(acting, model: model, version: version, writer.db, what: what)
        }
    }

    /// The checks of evaluation and monitoring: an evaluator role, an existing live version.
    static func authorizeEvidence(
        _ acting: Acting, model: String, version: Int, _ db: Database, what: String = "record evaluations"
    ) throws {
        try acting.require(anyOf: evaluators, to: what)
        _ = try requireLiveVersion(model, version, db)
    }
}
