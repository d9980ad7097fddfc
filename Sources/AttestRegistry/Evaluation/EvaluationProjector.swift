import AttestLedger
import GRDB

/// Projections of evaluations and monitoring results (placeholder until the evaluation work lands).
public struct EvaluationProjector: LedgerProjector {
    /// Makes the projector.
    public init() {}
    public func install(_ db: Database) throws {}
    public func reset(_ db: Database) throws {}
    public func apply(_ entry: Entry, _ db: Database) throws {}
    public var tables: [(name: String, orderBy: String)] { [] }
}
