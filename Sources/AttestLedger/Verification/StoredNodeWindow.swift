import GRDB

/// The stored interior Merkle nodes that appending a run of leaves completes, read with one
/// range query per level instead of one query per node (`attest verify` checks every stored
/// node as it rebuilds the tree, about one per entry).
///
/// Appending leaf `n` completes the node at level `L`, index `i` when `n + 1 == (i + 1) << L`,
/// so the leaves `first ..< first + count` complete, at level `L`, the indices
/// `first >> L ..< (first + count) >> L`.
struct StoredNodeWindow {
    private var byLevel: [Int: (first: UInt64, hashes: [Digest?])] = [:]

    /// Reads the nodes above the leaves `first ..< first + count` from `db`.
    init(db: Database, first: UInt64, count: UInt64) throws {
        let end = first + count
        var level = 1
        let statement = try db.cachedStatement(
            sql: "SELECT idx, hash FROM merkle_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx")
        while level < 64, (end >> UInt64(level)) > (first >> UInt64(level)) {
            let lower = first >> UInt64(level)
            let upper = end >> UInt64(level)
            var hashes = [Digest?](repeating: nil, count: Int(upper - lower))
            let rows = try Row.fetchCursor(statement, arguments: [level, Int64(lower), Int64(upper)])
            while let row = try rows.next() {
                let index = UInt64(row[0] as Int64)
                guard index >= lower, index < upper, case .blob(let data) = (row[1] as DatabaseValue).storage else { continue }
                hashes[Int(index - lower)] = Digest([UInt8](data))
            }
            byLevel[level] = (lower, hashes)
            level += 1
        }
    }

    /// The stored hash of the node at `level`, `index`; `nil` when it is missing, not 32 bytes,
    /// or outside the window.
    func hash(level: Int, index: UInt64) -> Digest? {
        guard let window = byLevel[level], index >= window.first, index - window.first < UInt64(window.hashes.count) else {
            return nil
        }
        return window.hashes[Int(index - window.first)]
    }
}
