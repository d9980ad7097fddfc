import AttestMetrics
import AttestRegistry
import Foundation

/// Terminal text for evaluations and monitoring results: overall metrics, groups with their
/// sizes, disparities with their intervals, the four-fifths rule, and drift with its bands.
/// An undefined value always reads `undefined (reason)`, never 0.
enum EvaluationTables {
    /// Metrics shown per group (all of them are in `--json`).
    static let groupClassification = [
        "selection_rate", "accuracy", "balanced_accuracy", "precision", "recall", "false_positive_rate", "f1", "roc_auc",
    ]
    static let groupRegression = ["mae", "rmse", "r2"]
    static let counts: Set<String> = ["count", "weight", "positives", "negatives"]

    /// The lines describing an evaluation.
    /// - Parameters:
    ///   - event: The payload.
    ///   - entry: The entry that records it, `nil` for a dry run.
    static func lines(_ event: EvaluationRecorded, entry: UInt64?) -> [String] {
        let report = event.report
        var out: [String] = []
        out.append("Evaluation of \(event.model) v\(event.version) on \(event.data.name) (dataset role \(event.datasetRole))")
        out.append("  data       \(event.data.digest), \(grouped(Int(event.data.size))) bytes")
        out.append(
            "  rows       \(grouped(report.rowCount)) read, \(grouped(report.evaluatedRows)) evaluated, \(grouped(report.droppedRows)) dropped for missing values"
        )
        let task = report.task == .regression ? "regression" : "binary classification"
        out.append(
            "  task       \(task)\(report.positiveLabel.map { ", positive label '\($0)'" } ?? ""); columns \(report.columnsUsed.joined(separator: ", "))"
        )
        if let role = event.lineageRole {
            out.append("  lineage    the file is the '\(role)' dataset in the lineage of \(event.model) v\(event.version)")
        } else {
            out.append("  lineage    NOT a dataset in the lineage of \(event.model) v\(event.version) (see the warning)")
        }
        if let bootstrap = report.bootstrap {
            out.append(
                "  bootstrap  \(bootstrap.replicates) replicates, seed \(bootstrap.seed), \(percent(bootstrap.confidenceLevel)) percentile intervals"
            )
        }
        out.append(entry.map { "  recorded   entry \($0) (evaluation.recorded)" } ?? "  dry run    nothing recorded")

        out.append("")
        out.append("Overall")
        let names = (report.task == .regression ? MetricCatalog.regression : MetricCatalog.classification).filter {
            report.overall[$0] != nil
        }
        let intervals = report.overallIntervals
        var overall = TextTable(intervals == nil ? ["metric", "value"] : ["metric", "value", "interval"])
        var notes = Footnotes()
        for name in names {
            var cells = [name, notes.cell(report.overall[name]!, count: counts.contains(name))]
            if let intervals { cells.append(notes.interval(intervals[name])) }
            overall.add(cells)
        }
        out += overall.lines() + notes.lines

        for grouping in report.groupings {
            out.append("")
            out += lines(grouping, report: report)
        }
        return out
    }

    private static func lines(_ grouping: GroupingReport, report: EvaluationReport) -> [String] {
        var out: [String] = []
        let title = grouping.columns.joined(separator: " × ")
        out.append("Groups by \(title)\(grouping.isIntersection ? " (intersection)" : "") — minimum group size \(report.minGroupSize)")
        let weighted = grouping.groups.contains { $0.weight != Double($0.count) }
        let metrics = (report.task == .regression ? groupRegression : groupClassification).filter { name in
            grouping.groups.contains { $0.metrics[name] != nil }
        }
        var table = TextTable(["group", "size"] + (weighted ? ["weight"] : []) + metrics + ["note"])
        table.alignments[table.alignments.count - 1] = .left
        var notes = Footnotes()
        for group in grouping.groups {
            var cells = [group.label, String(group.count)]
            if weighted { cells.append(number(group.weight)) }
            for name in metrics { cells.append(group.metrics[name].map { notes.cell($0) } ?? "-") }
            cells.append(group.insufficient ? "insufficient (< \(report.minGroupSize) rows)" : "")
            table.add(cells)
        }
        out += table.lines() + notes.lines
        guard !grouping.disparities.isEmpty else { return out }

        out.append("")
        out.append("Disparities by \(title) (\(report.disparityGroups == .all ? "every group" : "groups of sufficient size only"))")
        var rows: [(label: String, between: String, overall: String)] = []
        var disparityNotes = Footnotes()
        for disparity in grouping.disparities {
            let label = disparity.name + (disparity.aggregation.map { " (\($0))" } ?? "")
            var text = disparityNotes.cell(disparity.value)
            if let interval = disparity.interval, disparity.value.value != nil || interval.lower.value != nil {
                text += " " + disparityNotes.interval(interval)
            }
            if let index = rows.firstIndex(where: { $0.label == label }) {
                if disparity.method == "to_overall" { rows[index].overall = text } else { rows[index].between = text }
            } else {
                rows.append(disparity.method == "to_overall" ? (label, "-", text) : (label, text, "-"))
            }
        }
        var disparities = TextTable(["measure", "between_groups", "to_overall"])
        for row in rows { disparities.add([row.label, row.between, row.overall]) }
        out += disparities.lines() + disparityNotes.lines
        if report.disparityGroups == .all && grouping.groups.contains(where: \.insufficient) {
            out.append("  (groups marked insufficient take part; --disparity-groups sufficient leaves them out)")
        }
        if let rule = grouping.fourFifths { out.append(fourFifths(rule, grouping)) }
        return out
    }

    private static func fourFifths(_ rule: FourFifthsResult, _ grouping: GroupingReport) -> String {
        let head = "  four-fifths rule (29 CFR 1607.4(D)): "
        guard let ratio = rule.ratio.value, let passes = rule.passes else {
            return head + "\(value(rule.ratio)), not assessed"
        }
        func rate(_ label: String?) -> String {
            guard let label, let group = grouping.groups.first(where: { $0.label == label }),
                let rate = group.metrics["selection_rate"]
            else { return "?" }
            return "\(label) \(value(rate))"
        }
        let comparison = passes ? ">=" : "<"
        return head
            + "lowest selection rate \(rate(rule.lowestGroup)) / highest \(rate(rule.highestGroup)) = \(fixed(ratio)) \(comparison) \(fixed(rule.threshold)): \(passes ? "PASS" : "FAIL")"
    }

    /// The lines describing a drift comparison.
    static func lines(_ event: MonitoringRecorded, entry: UInt64?) -> [String] {
        let report = event.report
        var out: [String] = []
        out.append("Drift of \(event.model) v\(event.version): \(event.current.name) against the reference \(event.reference.name)")
        out.append("  reference  \(event.reference.digest), \(grouped(report.referenceRows)) rows")
        out.append("  current    \(event.current.digest), \(grouped(report.currentRows)) rows")
        out.append(entry.map { "  recorded   entry \($0) (monitoring.recorded)" } ?? "  dry run    nothing recorded")
        out.append("")
        var table = TextTable(
            ["column", "kind", "psi", "band", "test", "statistic", "p-value", "js_distance", "missing (ref/cur)"],
            alignments: [.left, .left, .right, .left, .left, .right, .right, .right, .right])
        var notes = Footnotes()
        for column in report.columns {
            let numeric = column.kind == .numeric
            let missingTest = MetricValue.undefined(reason: "no chi-square test for these counts")
            let statistic = column.statistics[numeric ? "ks_statistic" : "chi2_statistic"] ?? missingTest
            let pValue = column.statistics[numeric ? "ks_pvalue" : "chi2_pvalue"] ?? missingTest
            table.add([
                column.name, column.kind.rawValue, column.statistics["psi"].map { notes.cell($0) } ?? "-",
                column.band?.rawValue ?? "-",
                numeric ? "ks (\(column.pValueMethod ?? "auto"))" : "chi2",
                notes.cell(statistic),
                pValue.value.map { value(.defined($0), pValue: true) } ?? notes.cell(pValue),
                column.statistics["js_distance"].map { notes.cell($0) } ?? "-",
                "\(column.referenceMissing)/\(column.currentMissing)",
            ])
        }
        out += table.lines() + notes.lines
        out.append("PSI bands: below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant.")
        return out
    }

    /// Undefined values in a table read `undefined [n]`; the lines below the table give each
    /// reason once, as `[n] undefined (reason)`, so that long reasons do not widen every column.
    struct Footnotes {
        private var reasons: [String] = []

        /// The cell for a value.
        mutating func cell(_ metric: MetricValue, count: Bool = false) -> String {
            guard let reason = metric.undefinedReason else { return value(metric, count: count) }
            return "undefined [\(number(for: reason))]"
        }

        /// The cell for an interval.
        mutating func interval(_ interval: ConfidenceInterval?) -> String {
            guard let interval else { return "-" }
            if let reason = interval.lower.undefinedReason ?? interval.upper.undefinedReason {
                return "[undefined [\(number(for: reason))]]"
            }
            return "[\(value(interval.lower)), \(value(interval.upper))]"
        }

        private mutating func number(for reason: String) -> Int {
            if let index = reasons.firstIndex(of: reason) { return index + 1 }
            reasons.append(reason)
            return reasons.count
        }

        /// The notes, one per distinct reason.
        var lines: [String] { reasons.enumerated().map { "  [\($0.offset + 1)] undefined (\($0.element))" } }
    }

    // MARK: Numbers

    /// A metric's value: 4 decimals, whole numbers for counts, `undefined (reason)` when undefined.
    static func value(_ metric: MetricValue, count: Bool = false, pValue: Bool = false) -> String {
        switch metric {
        case .undefined(let reason): return "undefined (\(reason))"
        case .defined(let x):
            if count { return number(x) }
            if pValue && x != 0 && abs(x) < 1e-4 { return String(format: "%.3e", x) }
            return fixed(x)
        }
    }

    static func fixed(_ x: Double) -> String { String(format: "%.4f", x) }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.4f", x)
    }

    static func percent(_ x: Double) -> String {
        let value = x * 100
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (n < 0 ? "-" : "") + out
    }
}

extension MetricsError {
    /// The description in command-line terms: without its `error: ` tag (which `attest: error: `
    /// already gives) and with the library's option names spelled as flags:
    /// `FILE:LINE: row R, column 'c': message; hint`.
    var commandLineMessage: String {
        var text = description
        if let range = text.range(of: "error: ") { text.replaceSubrange(range, with: "") }
        let flags = [
            ("set dropMissing", "pass --drop-missing"), ("set posLabel to", "pass --pos-label with"),
            ("set posLabel (e.g. posLabel: ", "pass --pos-label (e.g. --pos-label "),
        ]
        for (library, flag) in flags { text = text.replacingOccurrences(of: library, with: flag) }
        return text
    }
}
