/// Placeholder until the policy module lands.
enum AttestPolicyPlaceholder {}
