import Foundation

/// Where a decision's times came from: `timeBasis` in `promotion.decided`, from engine 3 on
/// (docs/log-format.md, docs/witnesses.md "Witnessed time").
///
/// `writer`: no witness list was recorded before the decision, so "now" is the decision
/// entry's time and every entry's time is its own (the writers' clocks). `witnessed`: a witness
/// list was recorded; "now" is the witnessed time of checkpoint `checkpointSize` (the newest
/// stored checkpoint at or below the decision's entry whose cosignatures meet the quorum) and an
/// entry's time is that of the first listed checkpoint larger than its sequence number, or "now"
/// when none is. With no such checkpoint at all, `checkpointSize` is absent, "now" is the
/// entry's time and every entry counts as "now" (no time has passed).
public struct TimeBasis: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The kind of clock.
    public enum Kind: String, Codable, Sendable {
        /// The writers' clocks (entry times).
        case writer
        /// The witnesses' cosignature timestamps.
        case witnessed
    }

    /// A quorum-met stored checkpoint whose witnessed time some fact read.
    public struct Checkpoint: Codable, Sendable, Equatable {
        /// The tree size.
        public var size: UInt64
        /// Its witnessed time, ISO 8601 UTC, whole seconds.
        public var time: String

        /// Makes a row.
        public init(size: UInt64, time: String) {
            self.size = size
            self.time = time
        }
    }

    /// The kind.
    public var kind: Kind
    /// The `witnesses.set` entry in force (witnessed only).
    public var witnessList: UInt64?
    /// The checkpoint whose witnessed time is "now" (witnessed only; absent when none met the quorum).
    public var checkpointSize: UInt64?
    /// "Now", ISO 8601 UTC, whole seconds (witnessed only).
    public var now: String?
    /// The checkpoints whose witnessed times the facts read, by size (witnessed only).
    public var checkpoints: [Checkpoint]?

    /// The writers' clocks.
    public static let writer = TimeBasis(kind: .writer)

    /// Makes a basis.
    public init(
        kind: Kind, witnessList: UInt64? = nil, checkpointSize: UInt64? = nil, now: String? = nil, checkpoints: [Checkpoint]? = nil
    ) {
        self.kind = kind
        self.witnessList = witnessList
        self.checkpointSize = checkpointSize
        self.now = now
        self.checkpoints = checkpoints
    }

    /// A sentence for people.
    public var description: String {
        switch kind {
        case .writer: return "the writer's clock (no witness list recorded)"
        case .witnessed:
            guard let checkpointSize else {
                return "witnessed time, but no stored checkpoint met the witness quorum yet: no time has passed since any entry"
            }
            return "witnessed time: now is \(now ?? "?"), when checkpoint \(checkpointSize) met the witness quorum"
        }
    }
}
