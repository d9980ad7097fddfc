import AttestLedger
import Foundation
import PostgresNIO

extension PostgresLog {
    /// Checks the whole log from its entries alone, as `attest verify` checks a SQLite ledger
    /// (docs/log-format.md section 11): sequence, times, types, signer validity, signatures, the
    /// hash chain, every stored Merkle node, the stored root, every stored checkpoint and, when
    /// given, a checkpoint held outside the database. Reads one consistent snapshot.
    /// - Parameters:
    ///   - external: a checkpoint held outside the database (signature already checked).
    ///   - batchSize: entries read per query.
    /// - Returns: the report; `isValid` is false when anything is wrong.
    /// - Throws: `LedgerError` only for storage failures.
    public func verify(against external: SignedCheckpoint? = nil, batchSize: Int = 4096) async throws -> VerificationReport {
        let origin = self.origin
        let logKey = self.logKey
        let logger = logger
        return try await withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                let statements = PostgresStatements(connection: connection, logger: logger)
                try await statements.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                let checkpoints = try await statements.checkpoints()
                var wanted = Set(checkpoints.map(\.size))
                if let external { wanted.insert(external.checkpoint.size) }
                var walk = LogWalk(wantedRoots: wanted)
                // Each batch with the interior nodes its entries complete; the next batch is read
                // while this one is checked.
                let batch = { @Sendable (after: Int64) async throws -> (rows: [PostgresRow], interior: [NodeKey: Digest])? in
                    let query: PostgresQuery = """
                        SELECT e.seq, e.time_us, e.prev_hash, e.signer, e.type, e.payload, e.signature, n.hash
                        FROM entries e LEFT JOIN merkle_nodes n ON n.level = 0 AND n.idx = e.seq
                        WHERE e.seq > \(after) ORDER BY e.seq LIMIT \(Int64(batchSize))
                        """
                    let rows = try await connection.query(query, logger: logger).collect()
                    guard let lastRow = rows.last else { return nil }
                    let first = try rows[0].decode(Int64.self)
                    let last = try lastRow.decode(Int64.self)
                    let interior = try await statements.interiorNodes(completedIn: UInt64(max(0, first)), UInt64(max(0, last)))
                    return (rows, interior)
                }
                var next = try await batch(-1)
                while let current = next {
                    async let following = batch(try current.rows.last!.decode(Int64.self))
                    walk.check(current.rows, interior: current.interior)
                    next = try await following
                }
                let size = walk.range.size
                if size > 0 {
                    let border = CompactRange.border(of: size).map { NodeKey(level: $0.level, index: $0.index) }
                    let nodes = try await statements.nodes(border)
                    let stored = try? MerkleProofBuilder(source: FetchedNodes(nodes: nodes)).root(size: size)
                    if stored != walk.range.root {
                        walk.report.add(
                            VerificationProblem(
                                .rootMismatch, at: nil,
                                "the stored Merkle tree's root at size \(size) does not match the entries; proofs from it would fail"))
                    }
                }
                walk.checkCheckpoints(checkpoints, external: external, logKey: walk.directory.logKey ?? logKey, origin: origin)
                walk.report.root = walk.range.root
                walk.report.sortInLogOrder()
                return walk.report
            }
        }
    }
}
