import AttestMetrics
import Foundation

/// A confusion matrix as a 2 × 2 grid: actual class by row, predicted class by column, each
/// cell shaded by its share of the total weight and labelled with its weight and share.
enum ConfusionChart {
    static let width = 260.0
    static let height = 190.0
    static let left = 70.0
    static let top = 34.0
    static let cell = 70.0

    static func layout(_ matrix: ConfusionMatrix, title: String = "Confusion matrix") -> [String: Any] {
        let total = matrix.truePositive + matrix.falsePositive + matrix.trueNegative + matrix.falseNegative
        let cells: [(row: Int, column: Int, name: String, value: Double)] = [
            (0, 0, "TP", matrix.truePositive), (0, 1, "FN", matrix.falseNegative),
            (1, 0, "FP", matrix.falsePositive), (1, 1, "TN", matrix.trueNegative),
        ]
        let drawn = cells.map { item -> [String: Any] in
            let share = total > 0 ? item.value / total : 0
            let x = left + Double(item.column) * cell
            let y = top + Double(item.row) * cell
            return [
                "x": LineageGraph.fmt(x), "y": LineageGraph.fmt(y), "size": LineageGraph.fmt(cell - 2),
                "opacity": Numbers.fixed(0.12 + 0.78 * share, 2), "name": item.name,
                "textX": LineageGraph.fmt(x + cell / 2 - 1), "nameY": LineageGraph.fmt(y + cell / 2 - 8),
                "valueY": LineageGraph.fmt(y + cell / 2 + 6), "shareY": LineageGraph.fmt(y + cell / 2 + 19),
                "value": number(item.value), "share": Numbers.fixed(share * 100, 1) + "%",
            ]
        }
        return [
            "title": ViewTree.safe(title), "width": LineageGraph.fmt(width), "height": LineageGraph.fmt(height), "cells": drawn,
            "predictedX": LineageGraph.fmt(left + cell), "predictedY": LineageGraph.fmt(12),
            "positiveX": LineageGraph.fmt(left + cell / 2), "negativeX": LineageGraph.fmt(left + cell * 1.5),
            "columnY": LineageGraph.fmt(top - 6), "actualX": LineageGraph.fmt(4),
            "positiveY": LineageGraph.fmt(top + cell / 2 + 4), "negativeY": LineageGraph.fmt(top + cell * 1.5 + 4),
            "alt": ViewTree.safe(alt(matrix, title)),
        ]
    }

    /// A weight as text: an integer when it is one.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : Numbers.fixed(value, 2)
    }

    /// The matrix in words.
    static func alt(_ matrix: ConfusionMatrix, _ title: String) -> String {
        "\(title) over \(matrix.rows) rows: true positives \(number(matrix.truePositive)), false negatives \(number(matrix.falseNegative)), "
            + "false positives \(number(matrix.falsePositive)), true negatives \(number(matrix.trueNegative))"
    }
}
