/// Maps label and prediction levels to 0/1, deciding which level is positive.
///
/// Levels are compared by their canonical value: a number (`1`, `1.0`), a boolean
/// (`true`/`false`, any case, read as 1/0), or otherwise the exact text. Without an explicit
/// positive label, labels and predictions together must be a subset of {0, 1} or {-1, 1}
/// (booleans count as 0/1) and 1 is positive, as fairlearn and scikit-learn require.
struct BinaryLabelEncoder {
    /// 0/1 per label level.
    let labelMap: [UInt8]
    /// 0/1 per prediction level.
    let predictionMap: [UInt8]
    /// The positive label, for the report.
    let positiveLabel: String

    private enum Canonical: Hashable {
        case number(Double)
        case text(String)

        init(_ text: String) {
            let lower = text.lowercased()
            if lower == "true" {
                self = .number(1)
            } else if lower == "false" {
                self = .number(0)
            } else if let bytes = Optional(Array(text.utf8)), !bytes.isEmpty,
                let x = bytes.withUnsafeBufferPointer({ DecimalParser.parse($0.baseAddress!, $0.count) })
            {
                self = .number(x)
            } else {
                self = .text(text)
            }
        }

        var display: String {
            switch self {
            case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
            case .text(let t): return t
            }
        }
    }

    init(label: CategoricalColumn, prediction: CategoricalColumn, posLabel: String?, source: String) throws {
        let labelCanonical = label.levels.map(Canonical.init)
        let predictionCanonical = prediction.levels.map(Canonical.init)
        var distinct: [Canonical] = []
        for c in labelCanonical + predictionCanonical where !distinct.contains(c) { distinct.append(c) }
        if distinct.count > 2 {
            let shown = distinct.prefix(10).map { "'\($0.display)'" }.joined(separator: ", ")
            throw MetricsError(
                .invalidLabels, source: source, column: "\(label.name), \(prediction.name)",
                message:
                    "labels and predictions take \(distinct.count) distinct values (\(shown)\(distinct.count > 10 ? ", ..." : "")); binary classification needs at most 2",
                hint: "map the labels to two classes, or use the regression task for numeric targets")
        }
        let positive: Canonical
        if let posLabel {
            let wanted = Canonical(posLabel)
            guard distinct.contains(wanted) else {
                let shown = distinct.map { "'\($0.display)'" }.joined(separator: ", ")
                throw MetricsError(
                    .invalidLabels, source: source, column: label.name,
                    message: "the positive label '\(posLabel)' does not occur (values: \(shown))",
                    hint: "set posLabel to one of the values in the label column")
            }
            positive = wanted
        } else {
            let allowed01: Set<Canonical> = [.number(0), .number(1)]
            let allowed11: Set<Canonical> = [.number(-1), .number(1)]
            let set = Set(distinct)
            guard set.isSubset(of: allowed01) || set.isSubset(of: allowed11) else {
                let shown = distinct.map { "'\($0.display)'" }.joined(separator: ", ")
                throw MetricsError(
                    .invalidLabels, source: source, column: label.name,
                    message: "cannot tell which label is positive among \(shown)",
                    hint: "set posLabel (e.g. posLabel: \"\(distinct.first?.display ?? "approved")\")")
            }
            positive = .number(1)
        }
        labelMap = labelCanonical.map { $0 == positive ? 1 : 0 }
        predictionMap = predictionCanonical.map { $0 == positive ? 1 : 0 }
        positiveLabel = posLabel ?? "1"
    }
}
