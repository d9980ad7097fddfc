/// What to evaluate: which columns play which role, and how.
public struct EvaluationSpec: Sendable, Codable, Equatable {
    /// The kind of model being evaluated.
    public enum Task: String, Sendable, Codable, CaseIterable {
        /// Binary classification: labels and predictions take two values.
        case binaryClassification = "binary_classification"
        /// Regression: labels and predictions are numbers.
        case regression
    }

    /// Which groups take part in disparities and the four-fifths rule.
    public enum DisparityGroups: String, Sendable, Codable, CaseIterable {
        /// Every group, as fairlearn does (insufficient groups are still flagged).
        case all
        /// Only groups with at least ``EvaluationSpec/minGroupSize`` rows.
        case sufficientOnly = "sufficient_only"
    }

    /// The task.
    public var task: Task
    /// The ground-truth column.
    public var label: String
    /// The predicted-label (classification) or predicted-value (regression) column.
    public var prediction: String
    /// The score (probability of the positive class) column, for roc_auc, log_loss, brier_score.
    public var score: String?
    /// The sensitive feature columns; groups are formed per column and, with several, for
    /// their intersection.
    public var sensitive: [String]
    /// The sample-weight column; every row weighs 1 when absent.
    public var weight: String?
    /// The positive label's text (e.g. `"approved"`); inferred as 1/true when labels are
    /// 0/1, -1/1 or true/false.
    public var posLabel: String?
    /// Groups with fewer rows than this are marked insufficient (default 30).
    public var minGroupSize: Int
    /// Drop rows with a missing or unparsable value in a used column instead of failing.
    public var dropMissing: Bool
    /// Which groups take part in disparities (default: all, as fairlearn).
    public var disparityGroups: DisparityGroups
    /// Bootstrap confidence intervals, when set.
    public var bootstrap: BootstrapSpec?

    /// Creates a specification.
    /// - Parameters:
    ///   - task: The task (default binary classification).
    ///   - label: The ground-truth column.
    ///   - prediction: The prediction column.
    ///   - score: The score column, if any.
    ///   - sensitive: The sensitive feature columns.
    ///   - weight: The sample-weight column, if any.
    ///   - posLabel: The positive label, if it cannot be inferred.
    ///   - minGroupSize: The minimum group size (default 30).
    ///   - dropMissing: Whether to drop rows with missing values (default false).
    ///   - disparityGroups: Which groups take part in disparities (default all).
    ///   - bootstrap: Bootstrap settings, if any.
    public init(
        task: Task = .binaryClassification, label: String, prediction: String, score: String? = nil,
        sensitive: [String] = [], weight: String? = nil, posLabel: String? = nil, minGroupSize: Int = 30,
        dropMissing: Bool = false, disparityGroups: DisparityGroups = .all, bootstrap: BootstrapSpec? = nil
    ) {
        self.task = task
        self.label = label
        self.prediction = prediction
        self.score = score
        self.sensitive = sensitive
        self.weight = weight
        self.posLabel = posLabel
        self.minGroupSize = minGroupSize
        self.dropMissing = dropMissing
        self.disparityGroups = disparityGroups
        self.bootstrap = bootstrap
    }

    /// The columns an evaluation reads, with their kinds.
    public var columnRequests: [ColumnRequest] {
        var requests: [ColumnRequest] = []
        func add(_ name: String, _ kind: ColumnKind) {
            if !requests.contains(where: { $0.name == name }) { requests.append(ColumnRequest(name, kind)) }
        }
        switch task {
        case .binaryClassification:
            add(label, .categorical)
            add(prediction, .categorical)
        case .regression:
            add(label, .numeric)
            add(prediction, .numeric)
        }
        if let score { add(score, .numeric) }
        if let weight { add(weight, .numeric) }
        for column in sensitive { add(column, .categorical) }
        return requests
    }
}
