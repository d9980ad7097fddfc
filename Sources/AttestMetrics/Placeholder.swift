/// Placeholder until the metrics module lands.
enum AttestMetricsPlaceholder {}
