import ArgumentParser

/// The options that choose the ledger's state at a past point, shared by `report` and
/// `model show` (docs/reports.md, "State at any time"): `--at` takes an entry number or an
/// ISO 8601 time, `--at-entry` only an entry number, `--as-of` only a time.
struct PastStateOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The ledger as it stood at this point: an entry number, or an ISO 8601 time (the last entry made by then).")
    var at: String?

    @Option(name: .customLong("at-entry"), help: "The ledger as it stood at this entry (its number).")
    var atEntry: UInt64?

    @Option(name: .customLong("as-of"), help: "The ledger as it stood at this time (ISO 8601): at the last entry made by then.")
    var asOf: String?

    /// The chosen point: an entry or a time, or neither for the present.
    /// - Throws: a usage error when more than one option is given.
    func choice() throws -> (entry: UInt64?, time: String?) {
        let given = [at != nil, atEntry != nil, asOf != nil].filter { $0 }.count
        guard given <= 1 else {
            throw CommandFailure.usage("--at, --at-entry and --as-of each choose the ledger's past state; give one")
        }
        if let atEntry { return (atEntry, nil) }
        if let at {
            // Digits only is an entry number; anything else must be a time.
            if !at.isEmpty, at.allSatisfy(\.isASCII), at.allSatisfy(\.isNumber) {
                guard let entry = UInt64(at) else { throw CommandFailure.badInput("--at \(at): the entry number is too large") }
                return (entry, nil)
            }
            return (nil, at)
        }
        return (nil, asOf)
    }

    /// Whether any of the options was given.
    var isGiven: Bool { at != nil || atEntry != nil || asOf != nil }
}
