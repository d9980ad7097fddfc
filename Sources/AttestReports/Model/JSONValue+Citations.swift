import AttestLedger

/// What a report reads from a payload it has no typed view of.
extension JSONValue {
    /// Every whole number found under keys whose name says it cites entries (`seq`, `entry`,
    /// `citedSeqs`, `cited_seqs`, `...Entry`, `...Seq`), anywhere in the value.
    var citedEntries: [UInt64] {
        var out: [UInt64] = []
        func walk(_ value: JSONValue, key: String?) {
            switch value {
            case .object(let members): for (name, member) in members { walk(member, key: name) }
            case .array(let items): for item in items { walk(item, key: key) }
            case .integer, .number:
                if let key, Self.isEntryKey(key), let int = value.integerValue, int >= 0 { out.append(UInt64(int)) }
            default: break
            }
        }
        walk(self, key: nil)
        return Array(Set(out)).sorted()
    }

    static func isEntryKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower == "seq" || lower == "entry" || lower == "inputs" || lower.hasSuffix("seqs") || lower.hasSuffix("_seq")
            || lower.hasSuffix("seq")
            || lower.hasSuffix("entry") || lower.hasSuffix("_entry") || lower.hasSuffix("entries")
    }
}
