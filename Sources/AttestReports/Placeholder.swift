/// Placeholder until the reports module lands.
enum AttestReportsPlaceholder {}
