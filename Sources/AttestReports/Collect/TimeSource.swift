import AttestRegistry

/// Where the times a report shows, and the time rules of its decisions, come from
/// (docs/witnesses.md, "Witnessed time").
enum TimeSource {
    /// One sentence for the integrity section.
    /// - Parameter list: the witness list in force, or `nil` when none is recorded.
    static func sentence(_ list: WitnessesSet?) -> String {
        guard let list, !list.witnesses.isEmpty else {
            return "Times are the writers' clocks (no witnesses recorded): entry times, and the time rules of every decision "
                + "(cooldown, approval max_age), rest on the clock of whoever wrote each entry."
        }
        return "Time rules use witnessed time: a witness list is recorded (a quorum of \(list.quorum) of \(list.witnesses.count)), "
            + "so decisions by attest-policy/3 or later measure cooldowns and approval ages on the witnesses' cosignature "
            + "timestamps of stored checkpoints, and each records its time basis; the entry times shown are the writers' clocks."
    }
}
