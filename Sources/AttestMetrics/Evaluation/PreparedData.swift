import Foundation

/// The evaluation's rows, encoded as flat arrays in processing order (ascending score when a
/// score column is used, so that ROC AUC needs one pass), with missing rows removed.
struct PreparedData: Sendable {
    let task: EvaluationSpec.Task
    let rowCount: Int
    let droppedRows: Int
    let positiveLabel: String?
    let groups: GroupIndex
    /// Rows evaluated.
    let n: Int
    /// Classification: `finest * 4 + label * 2 + prediction`; regression: `finest`.
    let cell: [UInt32]
    /// Sample weights, or `nil` for unit weights.
    let weight: [Double]?
    /// Scores in processing order (ascending), when a score column is used.
    let score: [Double]?
    /// Per-row log loss and squared error of the score, when scores are probabilities.
    let logLoss: [Double]?
    let brier: [Double]?
    /// Why log_loss and brier_score are undefined (scores outside [0, 1]).
    let probabilityProblem: String?
    /// Regression targets and predictions.
    let target: [Double]?
    let predicted: [Double]?

    /// Regression: a value near the targets' mean, subtracted before their mean and sum of
    /// squares are accumulated, so that labels far from zero (mean 1e9, standard deviation 1)
    /// lose no precision to cancellation; R² does not depend on it.
    let targetShift: Double

    init(table: DataTable, spec: EvaluationSpec) throws {
        let source = table.source
        task = spec.task
        rowCount = table.rowCount
        try Self.checkShape(table, spec)
        let columns = try UsedColumns(table: table, spec: spec)
        let keep = try Self.rowsToKeep(columns.used, table: table, dropMissing: spec.dropMissing)
        let kept = keep.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? table.rowCount
        droppedRows = table.rowCount - kept
        n = kept
        guard kept > 0 else {
            throw MetricsError(
                .noRows, source: source, message: "every row has a missing or invalid value in a used column",
                hint: "check the column names and the data")
        }
        let rows = KeptRows(table: table, keep: keep, kept: kept)
        groups = GroupIndex(columns: columns.sensitive, keep: keep, rowCount: table.rowCount)
        let weights = try columns.weight.map { try Self.sampleWeights($0, rows: rows) }
        let ordered = try Self.scoreOrder(columns.score, task: spec.task, rows: rows)
        func permuted<T>(_ values: [T]) -> [T] {
            guard let order = ordered.order else { return values }
            return order.map { values[Int($0)] }
        }
        weight = weights.map(permuted)
        score = ordered.scores
        probabilityProblem = ordered.problem
        let finest = permuted(groups.finestOfRow)
        switch spec.task {
        case .binaryClassification:
            let encoded = try Self.encodeClassification(
                label: columns.label, prediction: columns.prediction, spec: spec, rows: rows, finest: finest,
                scores: ordered.problem == nil ? ordered.scores : nil, permuted: permuted)
            positiveLabel = encoded.positiveLabel
            cell = encoded.cell
            logLoss = encoded.logLoss
            brier = encoded.brier
            target = nil
            predicted = nil
            targetShift = 0
        case .regression:
            positiveLabel = nil
            let labels = permuted(try rows.numeric(columns.label, role: "label"))
            target = labels
            predicted = permuted(try rows.numeric(columns.prediction, role: "prediction"))
            targetShift = Self.mean(labels)
            cell = finest
            logLoss = nil
            brier = nil
        }
    }

    /// Refuses an empty table and an impossible minimum group size.
    private static func checkShape(_ table: DataTable, _ spec: EvaluationSpec) throws {
        guard table.rowCount > 0 else {
            throw MetricsError(
                .noRows, source: table.source, message: "the input has a header but no data rows",
                hint: "provide at least one data row")
        }
        guard spec.minGroupSize >= 0 else {
            throw MetricsError(
                .invalidSpecification, source: table.source, message: "minGroupSize is negative",
                hint: "use 0 or a positive number")
        }
    }

    /// The columns an evaluation reads, resolved by name.
    private struct UsedColumns {
        let label: Column
        let prediction: Column
        let score: Column?
        let weight: Column?
        let sensitive: [CategoricalColumn]
        /// Every used column with its role, in the order missing values are looked for.
        let used: [Column]

        init(table: DataTable, spec: EvaluationSpec) throws {
            label = try table.column(spec.label)
            prediction = try table.column(spec.prediction)
            score = try spec.score.map(table.column)
            weight = try spec.weight.map(table.column)
            var sensitive: [CategoricalColumn] = []
            for name in spec.sensitive {
                guard case .categorical(let c) = try table.column(name) else {
                    throw MetricsError(
                        .invalidSpecification, source: table.source, column: name,
                        message: "sensitive column '\(name)' was not read as categorical", hint: "read it as categorical")
                }
                sensitive.append(c)
            }
            self.sensitive = sensitive
            used = [label, prediction] + [score, weight].compactMap { $0 } + sensitive.map { .categorical($0) }
        }
    }

    /// Which rows to evaluate: `nil` for all of them. A missing or invalid value in a used
    /// column drops its row with `dropMissing`, and otherwise fails on the first such row.
    private static func rowsToKeep(_ used: [Column], table: DataTable, dropMissing: Bool) throws -> [Bool]? {
        var keep: [Bool]? = nil
        var firstBad: (row: Int, column: Column)? = nil
        func mark(_ r: Int, _ column: Column) -> Bool {
            if dropMissing {
                if keep == nil { keep = [Bool](repeating: true, count: table.rowCount) }
                keep![r] = false
                return true
            }
            if firstBad == nil || r < firstBad!.row { firstBad = (r, column) }
            return false
        }
        for column in used {
            switch column {
            case .numeric(let c):
                c.values.withUnsafeBufferPointer { v in
                    for r in 0..<table.rowCount where v[r].isNaN {
                        if !mark(r, column) { break }
                    }
                }
            case .categorical(let c):
                c.codes.withUnsafeBufferPointer { v in
                    for r in 0..<table.rowCount where v[r] < 0 {
                        if !mark(r, column) { break }
                    }
                }
            }
        }
        guard let (r, column) = firstBad else { return keep }
        if case .numeric(let c) = column, let text = c.invalid(at: r) {
            throw MetricsError(
                .invalidValue, source: table.source, row: r + 1, line: table.line(ofRow: r), column: c.name,
                message: "'\(text)' is not a number",
                hint: "fix the value, or set dropMissing to drop rows with missing or invalid values")
        }
        throw MetricsError(
            .missingValue, source: table.source, row: r + 1, line: table.line(ofRow: r), column: column.name,
            message: "the value is missing",
            hint: "fill it in, or set dropMissing to drop rows with missing values")
    }

    /// The rows kept, and how to read a column's values for them alone.
    private struct KeptRows {
        let table: DataTable
        let keep: [Bool]?
        let kept: Int

        func compact(_ values: [Double]) -> [Double] {
            guard let keep else { return values }
            var out = [Double]()
            out.reserveCapacity(kept)
            for r in 0..<values.count where keep[r] { out.append(values[r]) }
            return out
        }

        func numeric(_ column: Column, role: String) throws -> [Double] {
            guard case .numeric(let c) = column else {
                throw MetricsError(
                    .invalidSpecification, source: table.source, column: column.name,
                    message: "the \(role) column was not read as numeric", hint: "read it as numeric")
            }
            return compact(c.values)
        }

        /// The 0-based table row of the `keptIndex`-th kept row.
        func originalRow(_ keptIndex: Int) -> Int { PreparedData.originalRow(keptIndex, keep: keep) }
    }

    /// Sample weights: never negative, and summing to a finite number (weights near the
    /// largest double overflow every weighted sum).
    private static func sampleWeights(_ column: Column, rows: KeptRows) throws -> [Double] {
        let table = rows.table
        let w = try rows.numeric(column, role: "weight")
        if let bad = w.firstIndex(where: { $0 < 0 }) {
            let r = rows.originalRow(bad)
            throw MetricsError(
                .invalidValue, source: table.source, row: r + 1, line: table.line(ofRow: r), column: column.name,
                message: "sample weight \(w[bad]) is negative", hint: "sample weights must be zero or positive")
        }
        var total = 0.0
        for (index, value) in w.enumerated() {
            total += value
            guard total.isFinite else {
                let r = rows.originalRow(index)
                throw MetricsError(
                    .invalidValue, source: table.source, row: r + 1, line: table.line(ofRow: r), column: column.name,
                    message:
                        "the sample weights overflow: their sum exceeds the largest double (about 1.8e308) at this row (weight \(value))",
                    hint: "scale the weights down (only their ratios matter)")
            }
        }
        return w
    }

    /// Classification with a score column: the processing order (ascending score), the scores
    /// in that order, and why they are not probabilities, if they are not.
    private static func scoreOrder(
        _ column: Column?, task: EvaluationSpec.Task, rows: KeptRows
    ) throws -> (order: [Int32]?, scores: [Double]?, problem: String?) {
        guard let column, task == .binaryClassification else { return (nil, nil, nil) }
        let s = try rows.numeric(column, role: "score")
        let order = ScoreOrder.ascending(s)
        var problem: String? = nil
        if let bad = s.firstIndex(where: { $0 < 0 || $0 > 1 }) {
            problem = "scores are not probabilities (a score of \(s[bad]) is outside [0, 1])"
        }
        return (order, order.map { s[Int($0)] }, problem)
    }

    /// Binary labels and predictions encoded into cells, and the per-row log loss and squared
    /// error of probability scores.
    private static func encodeClassification(
        label: Column, prediction: Column, spec: EvaluationSpec, rows: KeptRows, finest: [UInt32], scores: [Double]?,
        permuted: ([UInt8]) -> [UInt8]
    ) throws -> (positiveLabel: String, cell: [UInt32], logLoss: [Double]?, brier: [Double]?) {
        let table = rows.table
        guard case .categorical(let labels) = label, case .categorical(let predictions) = prediction else {
            throw MetricsError(
                .invalidSpecification, source: table.source, column: spec.label,
                message: "labels and predictions must be read as categorical", hint: "read them as categorical")
        }
        let encoder = try BinaryLabelEncoder(label: labels, prediction: predictions, posLabel: spec.posLabel, source: table.source)
        var y = [UInt8]()
        var p = [UInt8]()
        y.reserveCapacity(rows.kept)
        p.reserveCapacity(rows.kept)
        for r in 0..<table.rowCount where rows.keep?[r] ?? true {
            y.append(encoder.labelMap[Int(labels.codes[r])])
            p.append(encoder.predictionMap[Int(predictions.codes[r])])
        }
        y = permuted(y)
        p = permuted(p)
        var cells = [UInt32](repeating: 0, count: rows.kept)
        for i in 0..<rows.kept { cells[i] = finest[i] &* 4 &+ UInt32(y[i]) &* 2 &+ UInt32(p[i]) }
        guard let scores else { return (encoder.positiveLabel, cells, nil, nil) }
        // scikit-learn's log_loss clips probabilities to [eps, 1 - eps], eps = 2^-52.
        let eps = Double.ulpOfOne
        var l = [Double](repeating: 0, count: rows.kept)
        var b = [Double](repeating: 0, count: rows.kept)
        for i in 0..<rows.kept {
            let s = scores[i]
            if y[i] == 1 {
                l[i] = -Foundation.log(min(max(s, eps), 1 - eps))
                b[i] = (1 - s) * (1 - s)
            } else {
                l[i] = -Foundation.log(min(max(1 - s, eps), 1 - eps))
                b[i] = s * s
            }
        }
        return (encoder.positiveLabel, cells, l, b)
    }

    /// The mean of `values` (compensated summation); 0 when it is not finite.
    private static func mean(_ values: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for x in values {
            let t = sum + x
            compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }
        let mean = (sum + compensation) / Double(max(values.count, 1))
        return mean.isFinite ? mean : 0
    }

    private static func originalRow(_ keptIndex: Int, keep: [Bool]?) -> Int {
        guard let keep else { return keptIndex }
        var seen = -1
        for r in 0..<keep.count where keep[r] {
            seen += 1
            if seen == keptIndex { return r }
        }
        return keptIndex
    }
}
