/// The printed report's long tables, shortened: a run of consecutive rows that say the same
/// thing becomes one row naming its first and last entry and how many it holds.
///
/// On screen every entry keeps its own row (the timeline and section 6's table, collapsed in a
/// `details`). On paper a ledger with thousands of routine entries about a model would print
/// hundreds of pages of them, and Chromium took over a minute to lay them out. So the print
/// layout joins runs of at least `shortest` entries:
/// - in the timeline, consecutive entries of one type by one signer, none of them highlighted
///   (an override, refusal or denial always keeps its own row);
/// - in the integrity table, consecutive entries of one type by one signer whose signature and
///   inclusion proof both verified (a failed or uncovered check always keeps its own row).
///
/// The numbers stay exact: the joined row names the entry range and the count, and the JSON
/// report, the HTML report and the evidence bundle keep every entry's row and leaf hash.
enum PrintRuns {
    /// The fewest consecutive entries joined into one row.
    static let shortest = 5

    /// The timeline's rows for print.
    /// - Parameters:
    ///   - rows: the template rows, one per item, in order.
    ///   - items: the timeline items they show.
    static func timeline(_ rows: [[String: Any]], items: [TimelineItem]) -> [[String: Any]] {
        join(rows, count: items.count) { first, next in
            items[first].type == items[next].type && items[first].actor == items[next].actor && items[first].highlight == nil
                && items[next].highlight == nil
        } row: { range in
            let (first, last) = (items[range.lowerBound], items[range.upperBound - 1])
            var row = rows[range.lowerBound]
            row["entry"] = "\(first.entry)–\(last.entry)"
            row["time"] = ViewTree.safe("\(first.time) – \(last.time)")
            row["summary"] = ViewTree.safe(
                "\(range.count) entries of this type by \(first.actor), one row each in the HTML and JSON reports")
            return row
        }
    }

    /// Section 6's per-entry table for print.
    /// - Parameters:
    ///   - rows: the template rows, one per check, in order.
    ///   - checks: the checks they show.
    static func integrity(_ rows: [[String: Any]], checks: [EntryCheck]) -> [[String: Any]] {
        func clean(_ check: EntryCheck) -> Bool { check.signatureValid && check.inclusionValid == true }
        return join(rows, count: checks.count) { first, next in
            checks[first].type == checks[next].type && checks[first].signer == checks[next].signer && clean(checks[first])
                && clean(checks[next])
        } row: { range in
            let (first, last) = (checks[range.lowerBound], checks[range.upperBound - 1])
            var row = rows[range.lowerBound]
            row["entry"] = "\(first.entry)–\(last.entry)"
            row["signature"] = "\(range.count) valid"
            row["inclusion"] = "\(range.count) valid"
            row["leafHash"] = "\(range.count) leaf hashes: in the HTML report and the evidence bundle"
            return row
        }
    }

    /// Joins runs of at least `shortest` rows in which each row `belongs` with the run's first.
    private static func join(
        _ rows: [[String: Any]], count: Int, belongs: (Int, Int) -> Bool, row joined: (Range<Int>) -> [String: Any]
    ) -> [[String: Any]] {
        var result: [[String: Any]] = []
        var start = 0
        while start < count {
            var end = start + 1
            while end < count && belongs(start, end) { end += 1 }
            if end - start >= shortest {
                result.append(joined(start..<end))
            } else {
                result.append(contentsOf: rows[start..<end])
            }
            start = end
        }
        return result
    }
}
