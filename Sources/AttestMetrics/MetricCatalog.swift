/// The public names of every metric, disparity and drift statistic, exactly as the policy
/// engine refers to them.
public enum MetricCatalog {
    /// Binary classification metrics, in report order.
    public static let classification: [String] = [
        "count", "weight", "positives", "negatives", "selection_rate", "accuracy",
        "balanced_accuracy", "precision", "recall", "false_positive_rate", "false_negative_rate",
        "true_negative_rate", "f1", "roc_auc", "log_loss", "brier_score",
    ]
    /// Regression metrics, in report order.
    public static let regression: [String] = ["count", "weight", "mae", "rmse", "r2"]
    /// Every performance metric name (classification then regression, without repeats).
    public static let performance: [String] = [
        "count", "weight", "positives", "negatives", "selection_rate", "accuracy",
        "balanced_accuracy", "precision", "recall", "false_positive_rate", "false_negative_rate",
        "true_negative_rate", "f1", "roc_auc", "log_loss", "brier_score", "mae", "rmse", "r2",
    ]
    /// Disparity names (fairlearn 0.15's function names).
    public static let disparities: [String] = [
        "demographic_parity_difference", "demographic_parity_ratio",
        "equal_opportunity_difference", "equal_opportunity_ratio",
        "equalized_odds_difference", "equalized_odds_ratio",
    ]
    /// Drift statistic names.
    public static let drift: [String] = [
        "psi", "ks_statistic", "ks_pvalue", "js_distance", "chi2_statistic", "chi2_pvalue",
    ]
    /// Disparity comparison methods (fairlearn's `method=`).
    public static let disparityMethods: [String] = ["between_groups", "to_overall"]
    /// Equalized-odds aggregations (fairlearn's `agg=`).
    public static let equalizedOddsAggregations: [String] = ["worst_case", "mean"]
}
