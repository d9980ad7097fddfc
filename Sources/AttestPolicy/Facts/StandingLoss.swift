/// How a reviewer lost the standing a review was signed with, after signing it and before the
/// promotion request (engine 2 and later: the review stops counting from that entry).
public struct StandingLoss: Hashable, Codable, Sendable {
    /// What happened.
    public var reason: StandingLossReason
    /// The entry where it happened.
    public var seq: EntrySeq
    /// For `role_removed`, the role the reviewer no longer holds.
    public var role: String?

    /// Creates a standing loss.
    /// - Parameters:
    ///   - reason: What happened.
    ///   - seq: Its entry.
    ///   - role: The role removed, for `role_removed`.
    public init(reason: StandingLossReason, seq: EntrySeq, role: String? = nil) {
        self.reason = reason
        self.seq = seq
        self.role = role
    }

    /// A sentence for decisions: `deactivated at seq 41`.
    public var description: String {
        switch reason {
        case .authorDeactivated: "the reviewer was deactivated at seq \(seq)"
        case .keyRevoked: "the key that signed it was revoked at seq \(seq)"
        case .roleRemoved: "the reviewer lost the role \(role ?? "?") at seq \(seq)"
        }
    }
}

/// Why a reviewer no longer stands behind a review.
public enum StandingLossReason: String, CaseIterable, Codable, Sendable {
    /// The reviewer was deactivated.
    case authorDeactivated = "author_deactivated"
    /// The key that signed the review was revoked.
    case keyRevoked = "key_revoked"
    /// A role the reviewer held when signing was revoked.
    case roleRemoved = "role_removed"
}
