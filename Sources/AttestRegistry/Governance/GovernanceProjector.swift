import AttestLedger
import GRDB

/// Projections of policy sets, approvals and decisions (placeholder until the policy work lands).
public struct GovernanceProjector: LedgerProjector {
    /// Makes the projector.
    public init() {}
    public func install(_ db: Database) throws {}
    public func reset(_ db: Database) throws {}
    public func apply(_ entry: Entry, _ db: Database) throws {}
    public var tables: [(name: String, orderBy: String)] { [] }
}
