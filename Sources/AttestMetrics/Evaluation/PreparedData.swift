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

    init(table: DataTable, spec: EvaluationSpec) throws {
        let source = table.source
        task = spec.task
        rowCount = table.rowCount
        guard table.rowCount > 0 else {
            throw MetricsError(
                .noRows, source: source, message: "the input has a header but no data rows",
                hint: "provide at least one data row")
        }
        guard spec.minGroupSize >= 0 else {
            throw MetricsError(
                .invalidSpecification, source: source, message: "minGroupSize is negative",
                hint: "use 0 or a positive number")
        }
        // Resolve columns.
        var used: [(role: String, column: Column)] = []
        func fetch(_ name: String) throws -> Column { try table.column(name) }
        let labelColumn = try fetch(spec.label)
        let predictionColumn = try fetch(spec.prediction)
        used.append(("label", labelColumn))
        used.append(("prediction", predictionColumn))
        let scoreColumn = try spec.score.map(fetch)
        if let scoreColumn { used.append(("score", scoreColumn)) }
        let weightColumn = try spec.weight.map(fetch)
        if let weightColumn { used.append(("weight", weightColumn)) }
        var sensitiveColumns: [CategoricalColumn] = []
        for name in spec.sensitive {
            guard case .categorical(let c) = try fetch(name) else {
                throw MetricsError(
                    .invalidSpecification, source: source, column: name,
                    message: "sensitive column '\(name)' was not read as categorical", hint: "read it as categorical")
            }
            sensitiveColumns.append(c)
            used.append(("sensitive", .categorical(c)))
        }
        // Missing or invalid values.
        var keep: [Bool]? = nil
        var firstBad: (row: Int, column: Column)? = nil
        for (_, column) in used {
            switch column {
            case .numeric(let c):
                c.values.withUnsafeBufferPointer { v in
                    for r in 0..<table.rowCount where v[r].isNaN {
                        if spec.dropMissing {
                            if keep == nil { keep = [Bool](repeating: true, count: table.rowCount) }
                            keep![r] = false
                        } else {
                            if firstBad == nil || r < firstBad!.row { firstBad = (r, column) }
                            break
                        }
                    }
                }
            case .categorical(let c):
                c.codes.withUnsafeBufferPointer { v in
                    for r in 0..<table.rowCount where v[r] < 0 {
                        if spec.dropMissing {
                            if keep == nil { keep = [Bool](repeating: true, count: table.rowCount) }
                            keep![r] = false
                        } else {
                            if firstBad == nil || r < firstBad!.row { firstBad = (r, column) }
                            break
                        }
                    }
                }
            }
        }
        if let (r, column) = firstBad {
            if case .numeric(let c) = column, let text = c.invalid(at: r) {
                throw MetricsError(
                    .invalidValue, source: source, row: r + 1, line: table.line(ofRow: r), column: c.name,
                    message: "'\(text)' is not a number",
                    hint: "fix the value, or set dropMissing to drop rows with missing or invalid values")
            }
            throw MetricsError(
                .missingValue, source: source, row: r + 1, line: table.line(ofRow: r), column: column.name,
                message: "the value is missing",
                hint: "fill it in, or set dropMissing to drop rows with missing values")
        }
        let kept = keep.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? table.rowCount
        droppedRows = table.rowCount - kept
        n = kept
        guard kept > 0 else {
            throw MetricsError(
                .noRows, source: source, message: "every row has a missing or invalid value in a used column",
                hint: "check the column names and the data")
        }
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
                    .invalidSpecification, source: source, column: column.name,
                    message: "the \(role) column was not read as numeric", hint: "read it as numeric")
            }
            return compact(c.values)
        }
        groups = GroupIndex(columns: sensitiveColumns, keep: keep, rowCount: table.rowCount)
        // Weights.
        var weights: [Double]? = nil
        if let weightColumn {
            let w = try numeric(weightColumn, role: "weight")
            if let bad = w.firstIndex(where: { $0 < 0 }) {
                let r = Self.originalRow(bad, keep: keep)
                throw MetricsError(
                    .invalidValue, source: source, row: r + 1, line: table.line(ofRow: r), column: weightColumn.name,
                    message: "sample weight \(w[bad]) is negative", hint: "sample weights must be zero or positive")
            }
            weights = w
        }
        // Order: ascending score when scores are used.
        var order: [Int32]? = nil
        var scores: [Double]? = nil
        var loss: [Double]? = nil
        var squared: [Double]? = nil
        var problem: String? = nil
        if let scoreColumn, spec.task == .binaryClassification {
            let s = try numeric(scoreColumn, role: "score")
            let o = ScoreOrder.ascending(s)
            order = o
            scores = o.map { s[Int($0)] }
            if let bad = s.firstIndex(where: { $0 < 0 || $0 > 1 }) {
                problem = "scores are not probabilities (a score of \(s[bad]) is outside [0, 1])"
            }
        }
        func permuted<T>(_ values: [T]) -> [T] {
            guard let order else { return values }
            return order.map { values[Int($0)] }
        }
        weight = weights.map(permuted)
        score = scores
        let finest = permuted(groups.finestOfRow)
        switch spec.task {
        case .binaryClassification:
            guard case .categorical(let labels) = labelColumn, case .categorical(let predictions) = predictionColumn else {
                throw MetricsError(
                    .invalidSpecification, source: source, column: spec.label,
                    message: "labels and predictions must be read as categorical", hint: "read them as categorical")
            }
            let encoder = try BinaryLabelEncoder(label: labels, prediction: predictions, posLabel: spec.posLabel, source: source)
            positiveLabel = encoder.positiveLabel
            var y = [UInt8]()
            var p = [UInt8]()
            y.reserveCapacity(kept)
            p.reserveCapacity(kept)
            for r in 0..<table.rowCount where keep?[r] ?? true {
                y.append(encoder.labelMap[Int(labels.codes[r])])
                p.append(encoder.predictionMap[Int(predictions.codes[r])])
            }
            y = permuted(y)
            p = permuted(p)
            var cells = [UInt32](repeating: 0, count: kept)
            for i in 0..<kept { cells[i] = finest[i] &* 4 &+ UInt32(y[i]) &* 2 &+ UInt32(p[i]) }
            cell = cells
            if let scores, problem == nil {
                // scikit-learn's log_loss clips probabilities to [eps, 1 - eps], eps = 2^-52.
                let eps = Double.ulpOfOne
                var l = [Double](repeating: 0, count: kept)
                var b = [Double](repeating: 0, count: kept)
                for i in 0..<kept {
                    let s = scores[i]
                    if y[i] == 1 {
                        l[i] = -Foundation.log(min(max(s, eps), 1 - eps))
                        b[i] = (1 - s) * (1 - s)
                    } else {
                        l[i] = -Foundation.log(min(max(1 - s, eps), 1 - eps))
                        b[i] = s * s
                    }
                }
                loss = l
                squared = b
            }
            target = nil
            predicted = nil
        case .regression:
            positiveLabel = nil
            target = permuted(try numeric(labelColumn, role: "label"))
            predicted = permuted(try numeric(predictionColumn, role: "prediction"))
            cell = finest
        }
        logLoss = loss
        brier = squared
        probabilityProblem = problem
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
