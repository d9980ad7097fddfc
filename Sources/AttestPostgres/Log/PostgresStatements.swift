import AttestLedger
import Foundation
import Logging
import PostgresNIO

/// The SQL the log store runs, on one connection (inside or outside a transaction).
struct PostgresStatements {
    let connection: PostgresConnection
    let logger: Logger

    /// The number of entries (`MAX(seq) + 1`).
    func size() async throws -> UInt64 {
        let rows = try await connection.query("SELECT COALESCE(MAX(seq) + 1, 0)::bigint FROM entries", logger: logger)
        for try await value in rows.decode(Int64.self) { return UInt64(value) }
        return 0
    }

    /// Entries matching `condition` (an SQL fragment the caller builds from integers only), in order.
    func entries(_ condition: String, limit: Int? = nil) async throws -> [Entry] {
        let tail = limit.map { " LIMIT \($0)" } ?? ""
        let query = PostgresQuery(
            unsafeSQL: "SELECT \(PostgresSchema.entryColumns) FROM entries WHERE \(condition) ORDER BY seq\(tail)")
        var entries: [Entry] = []
        for try await row in try await connection.query(query, logger: logger) { entries.append(try Self.entry(from: row)) }
        return entries
    }

    /// Decodes one entry row; a row an editor has damaged is reported, never trapped on.
    static func entry(from row: PostgresRow) throws -> Entry {
        let (seq, time, previous, signer, type, payload, signature) = try row.decode(
            (Int64, Int64, Data, Data, String, Data, Data).self)
        guard let previousHash = Digest([UInt8](previous)), let signerHash = Digest([UInt8](signer)) else {
            throw LedgerError(.verificationFailed, "entry \(seq): a stored hash column is not 32 bytes")
        }
        guard seq >= 0, type.utf8.count <= EntryEncoding.maximumTypeLength, payload.count <= EntryEncoding.maximumPayloadLength else {
            throw LedgerError(.verificationFailed, "entry \(seq): a stored field exceeds the format's limits")
        }
        return Entry(
            sequence: UInt64(seq), timeMicros: time, previousHash: previousHash, signer: signerHash, type: type,
            payload: [UInt8](payload), signature: [UInt8](signature))
    }

    /// The stored nodes at `coordinates` (missing ones are absent from the answer).
    func nodes(_ coordinates: [NodeKey]) async throws -> [NodeKey: Digest] {
        guard !coordinates.isEmpty else { return [:] }
        var found: [NodeKey: Digest] = [:]
        for chunk in stride(from: 0, to: coordinates.count, by: 500) {
            let list = coordinates[chunk..<min(chunk + 500, coordinates.count)].map { "(\($0.level),\($0.index))" }
            let query = PostgresQuery(
                unsafeSQL: "SELECT level, idx, hash FROM merkle_nodes WHERE (level, idx) IN (\(list.joined(separator: ",")))")
            for try await (level, index, hash) in try await connection.query(query, logger: logger).decode((Int32, Int64, Data).self) {
                if let digest = Digest([UInt8](hash)) { found[NodeKey(level: Int(level), index: UInt64(index))] = digest }
            }
        }
        return found
    }

    /// Interior nodes whose last leaf lies in `first...last` (verification reads them batch by batch).
    func interiorNodes(completedIn first: UInt64, _ last: UInt64) async throws -> [NodeKey: Digest] {
        let query: PostgresQuery = """
            SELECT level, idx, hash FROM merkle_nodes
            WHERE level > 0 AND level < 63 AND ((idx + 1) << level) - 1 BETWEEN \(Int64(first)) AND \(Int64(last))
            """
        var found: [NodeKey: Digest] = [:]
        for try await (level, index, hash) in try await connection.query(query, logger: logger).decode((Int32, Int64, Data).self) {
            found[NodeKey(level: Int(level), index: UInt64(index))] = Digest([UInt8](hash)) ?? .zero
        }
        return found
    }

    /// Inserts entries, in log order, and the Merkle nodes each completes: the nodes first, then
    /// the entries, each kind in multi-row statements of at most ``rowsPerStatement`` rows (a
    /// statement per row cost a round trip each: 1,000 entries a second). The insert trigger
    /// (`attest_entry_follows`) still checks every entry against the previous one's leaf node,
    /// which is already in; PostgreSQL runs a row-level trigger once per row, in order, seeing
    /// the rows of the same statement before it.
    func insert(_ made: [(Entry, [CompactRange.Node])]) async throws {
        let nodes = made.flatMap(\.1)
        try await insertRows(
            "merkle_nodes (level, idx, hash)", casts: ["integer", "bigint", "bytea"], count: nodes.count
        ) { index, bindings in
            let node = nodes[index]
            bindings.append(Int32(node.level))
            bindings.append(Int64(node.index))
            try bindings.append(Data(node.hash.bytes))
        }
        try await insertRows(
            "entries (seq, time_us, prev_hash, signer, type, payload, signature)",
            casts: ["bigint", "bigint", "bytea", "bytea", "text", "bytea", "bytea"], count: made.count
        ) { index, bindings in
            let entry = made[index].0
            bindings.append(Int64(entry.sequence))
            bindings.append(entry.timeMicros)
            try bindings.append(Data(entry.previousHash.bytes))
            try bindings.append(Data(entry.signer.bytes))
            bindings.append(entry.type)
            try bindings.append(Data(entry.payload))
            try bindings.append(Data(entry.signature))
        }
    }

    /// The most rows one `INSERT` carries (PostgreSQL takes at most 65,535 parameters).
    static let rowsPerStatement = 1_000

    /// `INSERT INTO target VALUES (...), (...)` for `count` rows, ``rowsPerStatement`` at a time;
    /// `bind` appends row `index`'s values, one per cast.
    private func insertRows(
        _ target: String, casts: [String], count: Int, bind: (Int, inout PostgresBindings) throws -> Void
    ) async throws {
        var start = 0
        while start < count {
            let end = min(count, start + Self.rowsPerStatement)
            var bindings = PostgresBindings()
            var rows: [String] = []
            rows.reserveCapacity(end - start)
            for index in start..<end {
                let first = bindings.count
                rows.append("(" + casts.enumerated().map { "$\(first + $0.offset + 1)::\($0.element)" }.joined(separator: ", ") + ")")
                try bind(index, &bindings)
            }
            try await connection.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(target) VALUES \(rows.joined(separator: ", "))", binds: bindings), logger: logger)
            start = end
        }
    }

    /// Every stored checkpoint, smallest first.
    func checkpoints() async throws -> [(size: UInt64, note: String)] {
        var found: [(UInt64, String)] = []
        for try await (size, note) in try await connection.query("SELECT size, note FROM checkpoints ORDER BY size", logger: logger)
            .decode((Int64, String).self)
        {
            found.append((UInt64(size), note))
        }
        return found
    }

    /// The stored cosignature lines of the checkpoint at `size`.
    func cosignatureLines(size: UInt64) async throws -> [String] {
        var lines: [String] = []
        for try await line in try await connection.query(
            "SELECT line FROM cosignatures WHERE size = \(Int64(size)) ORDER BY witness, line", logger: logger
        ).decode(String.self) {
            lines.append(line)
        }
        return lines
    }

    /// Runs one statement whose result is not needed.
    func run(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}

/// A perfect subtree's place: `2^level` leaves from leaf `index << level`.
struct NodeKey: Hashable, Sendable {
    let level: Int
    let index: UInt64
}

/// Stored nodes fetched ahead, for the proof builder (which reads synchronously).
struct FetchedNodes: MerkleNodeSource {
    let nodes: [NodeKey: Digest]

    func hash(level: Int, index: UInt64) throws -> Digest {
        guard let hash = nodes[NodeKey(level: level, index: index)] else {
            throw LedgerError(.verificationFailed, "Merkle node at level \(level), index \(index) is missing from the ledger")
        }
        return hash
    }
}

/// A node source that first records which nodes a proof builder reads (answering zeros), then,
/// once `nodes` is set, answers from the nodes fetched.
final class PrefetchedNodes: MerkleNodeSource {
    /// The fetched nodes; `nil` while recording.
    var nodes: [NodeKey: Digest]?
    private(set) var wanted: [NodeKey] = []

    func hash(level: Int, index: UInt64) throws -> Digest {
        let key = NodeKey(level: level, index: index)
        guard let nodes else {
            wanted.append(key)
            return .zero
        }
        return try FetchedNodes(nodes: nodes).hash(level: level, index: index)
    }
}
