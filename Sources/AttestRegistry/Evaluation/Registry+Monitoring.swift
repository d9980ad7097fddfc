import AttestLedger
import AttestMetrics
import Foundation

/// What a drift comparison produced: the payload, and the entry that records it.
public struct MonitoringOutcome: Sendable, Equatable {
    /// The `monitoring.recorded` payload (on a dry run, the payload that would have been recorded).
    public var event: MonitoringRecorded
    /// The entry, or `nil` for a dry run.
    public var entry: UInt64?

    /// Makes an outcome.
    public init(event: MonitoringRecorded, entry: UInt64?) {
        self.event = event
        self.entry = entry
    }
}

extension Registry {
    /// Compares the distribution of columns between a reference and a current file and records
    /// the drift as a `monitoring.recorded` entry signed by `signer`, with both files' digests.
    ///
    /// Reading, hashing and the statistics happen before the write transaction.
    /// - Parameters:
    ///   - model: The model.
    ///   - version: The version; a retired version is refused.
    ///   - reference: The reference file (e.g. the training data), CSV or JSON Lines.
    ///   - current: The current file (e.g. last week's inputs).
    ///   - columns: The columns to compare; empty compares every column present in both files,
    ///     in the reference's order.
    ///   - format: The format of both files; inferred from each extension when `nil`.
    ///   - attestVersion: The software version to record.
    ///   - dryRun: Compute and return the payload without signing or writing anything.
    ///   - signer: The acting key (data-scientist, validator or admin).
    /// - Returns: The payload and, unless a dry run, its entry.
    /// - Throws: `MetricsError` for a malformed file, an unknown column or a column that is
    ///   numeric on one side only; `RegistryError` as
    ///   ``evaluate(model:version:file:format:spec:datasetRole:attestVersion:dryRun:by:)``.
    @discardableResult
    public func monitor(
        model: String, version: Int, reference: URL, current: URL, columns: [String] = [], format: TableFormat? = nil,
        attestVersion: String = Registry.softwareVersion, dryRun: Bool = false, by signer: Signer
    ) throws -> MonitoringOutcome {
        let target = Target("\(model) v\(version)", model: model, version: version)
        let what = "record monitoring results"
        if !dryRun { try preflight("monitoring.record", target: target, model: model, version: version, what: what, by: signer) }
        let event = try computeMonitoring(
            model: model, version: version, reference: reference, current: current, columns: columns, format: format,
            attestVersion: attestVersion)
        if dryRun { return MonitoringOutcome(event: event, entry: nil) }
        let entry = try perform("monitoring.record", target: target, by: signer) { writer, acting in
            try Self.authorizeEvidence(acting, model: model, version: version, writer.db, what: what)
            return try writer.append(try EntryDraft(type: EventType.monitoringRecorded, encoding: event), signer: signer)
        }
        return MonitoringOutcome(event: event, entry: entry.sequence)
    }

    /// Computes the payload a drift comparison would record, without a key and without writing.
    /// - Parameters: as ``monitor(model:version:reference:current:columns:format:attestVersion:dryRun:by:)``.
    /// - Returns: The payload.
    /// - Throws: `MetricsError` for malformed files or columns; `RegistryError` for an unknown or
    ///   retired version or a missing file.
    public func computeMonitoring(
        model: String, version: Int, reference: URL, current: URL, columns: [String] = [], format: TableFormat? = nil,
        attestVersion: String = Registry.softwareVersion
    ) throws -> MonitoringRecorded {
        _ = try ledger.read { db in try Self.requireLiveVersion(model, version, db) }
        let referenceFormat = format ?? .inferred(fromPath: reference.path)
        let currentFormat = format ?? .inferred(fromPath: current.path)
        let requested = columns
        // The first pass reads the requested columns as `auto` (numeric when every value is a
        // number), or only the header when no columns are named.
        let firstRequests = requested.map { ColumnRequest($0, .auto) }
        let (referenceData, firstReference) = try EvidenceData.read(reference) { bytes in
            try DataTable.read(bytes: &bytes, source: reference.path, format: referenceFormat, columns: firstRequests)
        }
        let (currentData, firstCurrent) = try EvidenceData.read(current) { bytes in
            try DataTable.read(bytes: &bytes, source: current.path, format: currentFormat, columns: firstRequests)
        }
        var (referenceTable, currentTable) = (firstReference, firstCurrent)
        var names = requested
        if names.isEmpty {
            let shared = Set(currentTable.availableColumns)
            names = referenceTable.availableColumns.filter { shared.contains($0) }
            guard !names.isEmpty else {
                throw MetricsError(
                    .invalidSpecification, source: current.path,
                    message:
                        "the reference and current files share no column (reference: \(referenceTable.availableColumns.joined(separator: ", ")))",
                    hint: "name the columns with --columns, or check that both files have headers")
            }
            let requests = names.map { ColumnRequest($0, .auto) }
            referenceTable = try Self.reread(referenceData, referenceFormat, requests)
            currentTable = try Self.reread(currentData, currentFormat, requests)
        }
        // A column numeric on one side and categorical on the other is compared as categories.
        let mixed = names.filter { !Self.sameKind(referenceTable.columns[$0], currentTable.columns[$0]) }
        if !mixed.isEmpty {
            let requests = names.map { ColumnRequest($0, mixed.contains($0) ? .categorical : .auto) }
            referenceTable = try Self.reread(referenceData, referenceFormat, requests)
            currentTable = try Self.reread(currentData, currentFormat, requests)
        }
        var report = try DriftAnalyzer.compare(reference: referenceTable, current: currentTable, columns: names)
        report.reference = referenceData.record.name
        report.current = currentData.record.name
        return MonitoringRecorded(
            model: model, version: version, reference: referenceData.record, current: currentData.record,
            attestVersion: attestVersion, report: report)
    }

    private static func reread(_ data: EvidenceData, _ format: TableFormat, _ requests: [ColumnRequest]) throws -> DataTable {
        var bytes = data.copy()
        return try DataTable.read(bytes: &bytes, source: data.source, format: format, columns: requests)
    }

    private static func sameKind(_ a: Column?, _ b: Column?) -> Bool {
        switch (a, b) {
        case (.numeric?, .numeric?), (.categorical?, .categorical?): return true
        default: return false
        }
    }
}
