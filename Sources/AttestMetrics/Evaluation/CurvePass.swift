/// Computes the bounded curve summary recorded with a binary classification evaluation
/// (``EvaluationCurves``) from the prepared rows: for everyone, and for each group of each
/// single sensitive column.
enum CurvePass {
    static func curves(_ data: PreparedData) -> EvaluationCurves? {
        guard data.task == .binaryClassification else { return nil }
        let labels = data.cell.map { $0 & 2 != 0 }
        let predictions = data.cell.map { $0 & 1 != 0 }
        let everyone = Array(0..<data.n)
        let overall = summary(rows: everyone, labels, predictions, data, limit: EvaluationCurves.overallPoints)
        var groups: [GroupCurves] = []
        let groupings = data.groups.groupings.filter { !$0.isIntersection }
        if !groupings.isEmpty {
            // Rows of each slot: a finest group lists its slots (overall, one per column, intersection).
            var members = [[Int]](repeating: [], count: data.groups.slotCount)
            let per = data.groups.slotsPerFinest
            for row in 0..<data.n {
                let finest = Int(data.cell[row] >> 2)
                for k in 1..<per { members[Int(data.groups.finestSlots[finest * per + k])].append(row) }
            }
            for grouping in groupings {
                for local in 0..<grouping.count {
                    groups.append(
                        GroupCurves(
                            column: grouping.columns[0], label: grouping.values[local].joined(separator: ", "),
                            curves: summary(
                                rows: members[grouping.slotOffset + local], labels, predictions, data, limit: EvaluationCurves.groupPoints))
                    )
                }
            }
        }
        return EvaluationCurves(
            maxPoints: EvaluationCurves.overallPoints, groupMaxPoints: EvaluationCurves.groupPoints, calibrationBins: EvaluationCurves.bins,
            overall: overall, groups: groups)
    }

    static func summary(rows: [Int], _ labels: [Bool], _ predictions: [Bool], _ data: PreparedData, limit: Int) -> CurveSummary {
        var tp = 0.0
        var fp = 0.0
        var tn = 0.0
        var fn = 0.0
        for row in rows {
            let weight = data.weight?[row] ?? 1
            switch (labels[row], predictions[row]) {
            case (true, true): tp += weight
            case (false, true): fp += weight
            case (false, false): tn += weight
            case (true, false): fn += weight
            }
        }
        let confusion = ConfusionMatrix(truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn, rows: rows.count)
        guard let allScores = data.score else {
            return CurveSummary(confusion: confusion, roc: nil, precisionRecall: nil, calibration: nil, note: "no score column")
        }
        let subset = rows.map { labels[$0] }
        let scores = rows.map { allScores[$0] }
        let weights = data.weight.map { weights in rows.map { weights[$0] } }
        let (roc, precisionRecall) = Curves.rocAndPrecisionRecall(labels: subset, scores: scores, weights: weights)
        let calibration = Curves.calibration(labels: subset, scores: scores, bins: EvaluationCurves.bins)
        var notes: [String] = []
        if roc == nil { notes.append("ROC undefined: only one class is present") }
        if precisionRecall == nil { notes.append("precision-recall undefined: no positive labels") }
        if calibration == nil { notes.append("calibration undefined: scores are not probabilities in [0, 1]") }
        return CurveSummary(
            confusion: confusion, roc: roc.map { Curves.thin($0, to: limit) },
            precisionRecall: precisionRecall.map { Curves.thin($0, to: limit) }, calibration: calibration,
            note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
