/// The performance metrics an evaluation reports, overall and per group.
///
/// The names and definitions are those of scikit-learn and fairlearn; the evaluation
/// stores them under these names.
public enum PerformanceMetric: String, CaseIterable, Codable, Sendable {
    /// Number of rows.
    case count
    /// Number of rows with a positive label.
    case positives
    /// Number of rows with a negative label.
    case negatives
    /// Share of rows predicted positive.
    case selectionRate = "selection_rate"
    /// Share of correct predictions.
    case accuracy
    /// Mean of recall and true negative rate.
    case balancedAccuracy = "balanced_accuracy"
    /// TP / (TP + FP).
    case precision
    /// TP / (TP + FN), the true positive rate.
    case recall
    /// FP / (FP + TN).
    case falsePositiveRate = "false_positive_rate"
    /// FN / (FN + TP).
    case falseNegativeRate = "false_negative_rate"
    /// TN / (TN + FP).
    case trueNegativeRate = "true_negative_rate"
    /// Harmonic mean of precision and recall.
    case f1
    /// Area under the ROC curve.
    case rocAUC = "roc_auc"
    /// Cross-entropy of the predicted probabilities.
    case logLoss = "log_loss"
    /// Mean squared error of the predicted probabilities.
    case brierScore = "brier_score"
    /// Mean absolute error (regression).
    case mae
    /// Root mean squared error (regression).
    case rmse
    /// Coefficient of determination (regression).
    case r2
}

/// The fairness measures a `fairness_threshold` rule can bound (fairlearn's definitions).
public enum FairnessMetric: String, CaseIterable, Codable, Sendable {
    /// Largest difference in selection rate.
    case demographicParityDifference = "demographic_parity_difference"
    /// Smallest ratio of selection rates.
    case demographicParityRatio = "demographic_parity_ratio"
    /// Largest difference in true positive rate.
    case equalOpportunityDifference = "equal_opportunity_difference"
    /// Smallest ratio of true positive rates.
    case equalOpportunityRatio = "equal_opportunity_ratio"
    /// Largest of the TPR and FPR differences (or their mean).
    case equalizedOddsDifference = "equalized_odds_difference"
    /// Smallest of the TPR and FPR ratios (or their mean).
    case equalizedOddsRatio = "equalized_odds_ratio"
    /// The selection-rate ratio min/max across groups (the EEOC four-fifths rule).
    case fourFifths = "four_fifths"

    /// Whether the metric takes an `agg` (equalized odds only).
    public var takesAggregation: Bool {
        self == .equalizedOddsDifference || self == .equalizedOddsRatio
    }
}

/// How a disparity compares groups.
public enum DisparityMethod: String, CaseIterable, Codable, Sendable {
    /// Between the most and least favoured groups.
    case betweenGroups = "between_groups"
    /// Each group against the overall value; the worst is reported.
    case toOverall = "to_overall"
}

/// How equalized odds combines its TPR and FPR parts.
public enum DisparityAggregation: String, CaseIterable, Codable, Sendable {
    /// The worse of the two parts.
    case worstCase = "worst_case"
    /// The mean of the two parts.
    case mean
}

/// The drift statistics a monitoring result reports per column.
public enum DriftMetric: String, CaseIterable, Codable, Sendable {
    /// Population stability index.
    case psi
    /// Two-sample Kolmogorov-Smirnov statistic.
    case ksStatistic = "ks_statistic"
    /// p-value of the Kolmogorov-Smirnov test.
    case ksPValue = "ks_pvalue"
    /// Jensen-Shannon distance.
    case jsDistance = "js_distance"
    /// Chi-squared statistic (categorical columns).
    case chi2Statistic = "chi2_statistic"
    /// p-value of the chi-squared test.
    case chi2PValue = "chi2_pvalue"

    /// Whether the metric is a p-value, so that only lower bounds (`>=`, `>`) make sense.
    public var isPValue: Bool { self == .ksPValue || self == .chi2PValue }
}
