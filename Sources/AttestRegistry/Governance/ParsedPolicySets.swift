import AttestPolicy
import Synchronization

/// Policy sets already parsed in this process, by set hash. A published set's hash is the
/// SHA-256 over its files (checked against the stored bytes before a lookup), so equal hashes
/// mean equal files and the same parse: a long-running process (`attest serve`, a replay) parses
/// each published set once instead of at every decision. Parsing the YAML is about a quarter of
/// a promotion's work.
enum ParsedPolicySets {
    /// How many sets are kept; a ledger publishes few, and the oldest is dropped beyond this.
    static let capacity = 32

    private static let sets = Mutex<[(hash: String, set: PolicySet)]>([])

    /// The set parsed for `hash`, parsing it with `parse` the first time.
    static func set(hash: String, parse: () throws -> PolicySet) rethrows -> PolicySet {
        if let found = sets.withLock({ $0.first { $0.hash == hash }?.set }) { return found }
        let parsed = try parse()
        sets.withLock { kept in
            guard !kept.contains(where: { $0.hash == hash }) else { return }
            if kept.count == capacity { kept.removeFirst() }
            kept.append((hash, parsed))
        }
        return parsed
    }
}
